package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"vmportal/app/apptest"
	"vmportal/controllers/api"
	"vmportal/models"
)

// The API's tests talk to it through apiClient, which checks every call it
// makes and every answer it gets against the OpenAPI document the app
// serves: the document cannot drift from what the API does.

// openAPI is the served document, loaded once, with a router for it.
var openAPI = sync.OnceValues(func() (*openapi3.T, error) {
	raw, err := api.Document()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is not valid: %w", err)
	}
	return doc, nil
})

// router matches absolute URLs of the test host (httptest's example.com).
var router = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openAPI()
	if err != nil {
		return nil, err
	}
	// A copy with an absolute server URL for the router.
	cp := *doc
	cp.Servers = openapi3.Servers{{URL: "http://example.com/api/v1"}}
	return legacy.NewRouter(&cp)
})

// apiClient calls the API with a bearer token (none when empty).
type apiClient struct {
	t     testing.TB
	env   *apptest.Env
	token string
}

// result is an answer with its body read and, for JSON, decoded.
type result struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

// call describes one call; malformed says the test sends on purpose what
// the document does not allow (a missing If-Match, a wrong type, …), so
// only the answer is checked against the document.
type call struct {
	method, path string
	body         []byte
	contentType  string
	header       map[string]string
	malformed    bool
}

func (c *apiClient) get(path string) *result { return c.do(call{method: http.MethodGet, path: path}) }

func (c *apiClient) post(path string, body any) *result {
	return c.do(call{method: http.MethodPost, path: path, body: mustJSON(c.t, body)})
}

func (c *apiClient) patch(path string, version any, body any) *result {
	return c.do(call{method: http.MethodPatch, path: path, body: mustJSON(c.t, body),
		header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, version)}})
}

func mustJSON(t testing.TB, v any) []byte {
	if v == nil {
		return nil
	}
	if b, ok := v.([]byte); ok {
		return b
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode body: %v", err)
	}
	return b
}

// newRequest builds the HTTP request of cl against the test host.
func (c *apiClient) newRequest(cl call) *http.Request {
	req := httptest.NewRequest(cl.method, "http://example.com"+cl.path, bytes.NewReader(cl.body))
	if cl.body != nil {
		ct := cl.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range cl.header {
		req.Header.Set(k, v)
	}
	return req
}

// do sends cl, checking the call (unless malformed) and the answer
// against the document.
func (c *apiClient) do(cl call) *result {
	c.t.Helper()
	rt, err := router()
	if err != nil {
		c.t.Fatalf("openapi: %v", err)
	}
	vreq := c.newRequest(cl)
	route, params, routeErr := rt.FindRoute(vreq)
	input := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if !cl.malformed {
		if routeErr != nil {
			c.t.Fatalf("%s %s: not in the OpenAPI document: %v", cl.method, cl.path, routeErr)
		}
		if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
			c.t.Fatalf("%s %s: the call does not match the OpenAPI document: %v", cl.method, cl.path, err)
		}
	}
	res, err := c.env.App.Test(c.newRequest(cl), -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", cl.method, cl.path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	r := &result{Status: res.StatusCode, Header: res.Header, Body: body}
	if strings.Contains(res.Header.Get("Content-Type"), "json") {
		_ = json.Unmarshal(body, &r.JSON)
	}
	c.checkAnswer(cl, r, route, input, routeErr)
	return r
}

// checkAnswer validates the answer against the operation's responses (its
// status must be one of them), or, for a call outside the document, checks
// that it is a problem.
func (c *apiClient) checkAnswer(cl call, r *result, route *routers.Route, input *openapi3filter.RequestValidationInput, routeErr error) {
	c.t.Helper()
	if r.Status >= 500 {
		c.t.Fatalf("%s %s: %d\n%s", cl.method, cl.path, r.Status, r.Body)
	}
	if routeErr != nil {
		c.checkProblem(cl, r)
		return
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: input, Status: r.Status, Header: r.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(r.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		c.t.Fatalf("%s %s: the answer %d does not match the OpenAPI document: %v\n%s", cl.method, cl.path, r.Status, err, r.Body)
	}
	if r.Status >= 400 {
		c.checkProblem(cl, r)
	}
}

// checkProblem checks that an error answer is an RFC 9457 problem
// matching the document's Problem schema.
func (c *apiClient) checkProblem(cl call, r *result) {
	c.t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != api.MIMEProblem {
		c.t.Fatalf("%s %s: %d with Content-Type %q, want %s\n%s", cl.method, cl.path, r.Status, ct, api.MIMEProblem, r.Body)
	}
	doc, _ := openAPI()
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		c.t.Fatalf("%s %s: problem is not JSON: %v", cl.method, cl.path, err)
	}
	if err := doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		c.t.Fatalf("%s %s: not a Problem: %v\n%s", cl.method, cl.path, err, r.Body)
	}
	if int(r.JSON["status"].(float64)) != r.Status {
		c.t.Fatalf("%s %s: problem status %v, answer %d", cl.method, cl.path, r.JSON["status"], r.Status)
	}
}

// want fails the test unless r has status.
func (r *result) want(t testing.TB, status int) *result {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d\n%s", r.Status, status, r.Body)
	}
	return r
}

// fieldErrors are the fields a 422 problem names.
func (r *result) fieldErrors() map[string]string {
	out := map[string]string{}
	errs, _ := r.JSON["errors"].([]any)
	for _, e := range errs {
		m := e.(map[string]any)
		out[m["field"].(string)] = m["message"].(string)
	}
	return out
}

// str returns the member key of the answer as text.
func (r *result) str(key string) string { return fmt.Sprint(r.JSON[key]) }

// id returns the answer's id member.
func (r *result) id() int64 { return int64(r.JSON["id"].(float64)) }

// newToken makes a token for u with scope, valid for 30 days.
func newToken(t testing.TB, env *apptest.Env, u *models.User, scope string) (string, *models.APIToken) {
	t.Helper()
	ctx := env.Ctx(models.Actor{UserID: u.ID, Username: u.Username})
	secret, tok, err := models.CreateAPIToken(env.DB.Gorm.WithContext(ctx), u, models.TokenInput{
		Name: u.Username + "-" + scope, Scope: scope, Expires: time.Now().UTC().AddDate(0, 0, 30).Format(models.DateLayout)})
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	return secret, tok
}

// clientFor is a client with a new token of u's with scope.
func clientFor(t testing.TB, env *apptest.Env, u *models.User, scope string) *apiClient {
	secret, _ := newToken(t, env, u, scope)
	return &apiClient{t: t, env: env, token: secret}
}

// admin is the seeded admin.
func admin(t testing.TB, env *apptest.Env) *models.User {
	u, err := models.FindUserByUsername(env.DB.Gorm, apptest.AdminUsername)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// newRequestBody is a valid create body; name names the VM.
func newRequestBody(name string) map[string]any {
	return map[string]any{
		"vm_name": name, "cpus": 4, "ram_gb": 16, "disk_gb": 100,
		"physical_location": "DC1", "virtual_host": "esx-01", "operating_system": "Ubuntu 24.04",
		"primary_admin_name": "Ada Admin", "primary_admin_email": "ada@example.com",
		"backup_required": true, "backup_frequency": "Daily",
		"vlans": []map[string]any{{"id": 10, "name": "web"}, {"id": 20}},
		"notes": "first\nsecond",
	}
}
