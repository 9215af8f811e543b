package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestOpenAPIDocumentIsServedAndDescribesEveryField: the served document
// is OpenAPI 3.1, valid, and a request's schema has exactly the described
// fields plus what the portal keeps.
func TestOpenAPIDocumentIsServedAndDescribesEveryField(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	r := env.Client().Get("/api/openapi.json")
	if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	doc, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi %s, want 3.1", doc.OpenAPI)
	}
	var want []string
	for _, f := range models.RequestFields {
		want = append(want, f.Key)
	}
	want = append(want, "id", "version", "created_at", "updated_at", "created_by", "updated_by")
	var got []string
	for k := range doc.Components.Schemas["VMRequest"].Value.Properties {
		got = append(got, k)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("VMRequest properties %v, want %v", got, want)
	}
}

// TestCreateReadEditHistory is the happy path of a request through the
// API: create (201, Location, ETag), read, list, edit with If-Match, and
// the history and audit trail naming the token.
func TestCreateReadEditHistory(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	alice := env.CreateUser("alice", models.RoleUser)
	c := clientFor(t, env, alice, models.ScopeWrite)

	created := c.post("/api/v1/vms", newRequestBody("web-01")).want(t, http.StatusCreated)
	id := created.id()
	if loc := created.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/vms/%d", id) {
		t.Fatalf("Location %q", loc)
	}
	if created.Header.Get("ETag") != `"1"` || created.str("status") != models.StatusPending || created.str("created_by") != "alice" {
		t.Fatalf("created: ETag %s, %s", created.Header.Get("ETag"), created.Body)
	}
	// Left out: the form's defaults (today, the user as requestor).
	if created.str("requestor_name") != alice.FullName || created.str("request_date") != models.Today().Format(models.DateLayout) {
		t.Fatalf("defaults not applied: %s", created.Body)
	}

	path := fmt.Sprintf("/api/v1/vms/%d", id)
	got := c.get(path).want(t, http.StatusOK)
	if got.Header.Get("ETag") != `"1"` || got.str("vm_name") != "web-01" || got.str("notes") != "first\nsecond" {
		t.Fatalf("GET: %s", got.Body)
	}
	if vlans := got.JSON["vlans"].([]any); len(vlans) != 2 || vlans[0].(map[string]any)["name"] != "web" {
		t.Fatalf("vlans: %v", got.JSON["vlans"])
	}

	edited := c.patch(path, 1, map[string]any{"cpus": 8, "backup_required": false, "backup_frequency": nil}).want(t, http.StatusOK)
	if edited.Header.Get("ETag") != `"2"` || edited.str("cpus") != "8" || edited.JSON["backup_frequency"] != nil || edited.str("updated_by") != "alice" {
		t.Fatalf("PATCH: %s %s", edited.Header.Get("ETag"), edited.Body)
	}

	list := c.get("/api/v1/vms").want(t, http.StatusOK)
	if items := list.JSON["items"].([]any); len(items) != 1 || list.JSON["next_cursor"] != nil {
		t.Fatalf("list: %s", list.Body)
	}

	h := c.get(path+"/history").want(t, http.StatusOK)
	items := h.JSON["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("history: %s", h.Body)
	}
	first, second := items[0].(map[string]any), items[1].(map[string]any)
	if first["kind"] != "created" || first["request"].(map[string]any)["cpus"] != 4.0 || first["changed_by"] != "alice" {
		t.Fatalf("original submission: %v", first)
	}
	if second["kind"] != "updated" || len(second["changes"].([]any)) != 3 {
		t.Fatalf("change: %v", second)
	}

	// The page's Update History shows the API's change like any other.
	page := env.Client()
	page.Login("alice", apptest.Password)
	if r := page.Get(fmt.Sprintf("/vms/%d", id)); !strings.Contains(r.Body, "Update History") || !strings.Contains(r.Body, "alice") {
		t.Fatalf("detail page: %d", r.Status)
	}
	for _, action := range []string{models.ActionRequestCreated, models.ActionRequestUpdated} {
		rows := env.AuditEntries(action)
		if len(rows) != 1 || rows[0].Details["via"] != "API token alice-write" || rows[0].ActorUsername != "alice" {
			t.Fatalf("%s audit: %+v", action, rows)
		}
	}
}

// TestMe answers the token's user and the token.
func TestMe(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := clientFor(t, env, admin(t, env), models.ScopeAdmin)
	r := c.get("/api/v1/me").want(t, http.StatusOK)
	if r.str("username") != "admin" || r.str("role") != "admin" || r.JSON["token"].(map[string]any)["scope"] != "admin" {
		t.Fatalf("me: %s", r.Body)
	}
}
