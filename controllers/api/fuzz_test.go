package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// FuzzRequestBody feeds arbitrary bytes as the JSON body of a create, an
// edit and a decision. Whatever arrives, the answer is a success or a 4xx
// problem (the client checks each answer against the OpenAPI document),
// never a 5xx. `make fuzz` runs it for FUZZ_TIME; `make test` runs the
// seeds.
func FuzzRequestBody(f *testing.F) {
	seeds := []string{
		``, `{}`, `null`, `[]`, `"x"`, `{"vm_name": "fz-1"}`, `{"cpus": 1e400}`, `{"cpus": -0}`,
		`{"vm_name": "a\u0000b"}`, "{\"notes\": \"\xff\"}", `{"vlans": [{"id": 1}, {"id": 1}]}`,
		`{"vlans": [{"id": 99999999999999999999}]}`, `{"request_date": "2026-02-30"}`, `{"backup_frequency": null}`,
		`{"a": {"b": {"c": [[[[[[]]]]]]}}}`, `{"vm_name": "x", "vm_name": "y"}`, `{"reason": 1}`, `{"note": "ok"}`,
		string(mustJSON(f, newRequestBody("fz-2"))), strings.Repeat("[", 20000),
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	// Thousands of calls a second: no rate limit here (it has its own test).
	env := apptest.New(f, func(cfg *configT) { cfg.APIRateLimit = 0 })
	c := clientFor(f, env, admin(f, env), models.ScopeWrite)
	id := c.post("/api/v1/vms", newRequestBody("fuzz-target")).want(f, http.StatusCreated).id()
	path := fmt.Sprintf("/api/v1/vms/%d", id)
	f.Fuzz(func(t *testing.T, body []byte) {
		c := &apiClient{t: t, env: env, token: c.token}
		// The edit names the current version, so its body is read.
		current := c.get(path).want(t, http.StatusOK).Header.Get("ETag")
		for _, cl := range []call{
			{method: http.MethodPost, path: "/api/v1/vms", body: body},
			{method: http.MethodPatch, path: path, body: body, header: map[string]string{"If-Match": current}},
			{method: http.MethodPost, path: path + "/reject", body: body},
		} {
			cl.malformed = true
			// Status < 500 and a problem for 4xx: checked by do.
			c.do(cl)
		}
	})
}
