package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestComments: the owner and admins comment through the API (audited,
// naming the token) and read them oldest first; another user gets 404, a
// read token 403, an empty or overlong text 422.
func TestComments(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	alice := env.CreateUser("alice", models.RoleUser)
	bob := env.CreateUser("bob", models.RoleUser)
	mine := clientFor(t, env, alice, models.ScopeWrite)
	path := fmt.Sprintf("/api/v1/vms/%d/comments", mine.post("/api/v1/vms", newRequestBody("talk-01")).want(t, 201).id())

	r := mine.post(path, map[string]any{"text": "  Needs a second NIC.\nThanks  "}).want(t, http.StatusCreated)
	if r.str("text") != "Needs a second NIC.\nThanks" || r.str("author") != "alice" || r.Header.Get("Location") != path {
		t.Fatalf("comment: %s", r.Body)
	}
	clientFor(t, env, admin(t, env), models.ScopeWrite).post(path, map[string]any{"text": "Done."}).want(t, http.StatusCreated)
	list := clientFor(t, env, alice, models.ScopeRead).get(path).want(t, http.StatusOK)
	items := list.JSON["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["author"] != "alice" || items[1].(map[string]any)["text"] != "Done." {
		t.Fatalf("comments: %s", list.Body)
	}

	clientFor(t, env, alice, models.ScopeRead).post(path, map[string]any{"text": "x"}).want(t, http.StatusForbidden)
	clientFor(t, env, bob, models.ScopeWrite).post(path, map[string]any{"text": "x"}).want(t, http.StatusNotFound)
	clientFor(t, env, bob, models.ScopeRead).get(path).want(t, http.StatusNotFound)
	for name, body := range map[string]string{
		"blank": `{"text": "   "}`, "too long": `{"text": "` + strings.Repeat("x", models.MaxCommentLen+1) + `"}`,
		"not text": `{"text": 5}`, "unknown member": `{"text": "x", "body": "y"}`,
	} {
		r := mine.do(call{method: http.MethodPost, path: path, body: []byte(body), malformed: true}).want(t, http.StatusUnprocessableEntity)
		if len(r.fieldErrors()) == 0 {
			t.Errorf("%s: 422 without a field: %s", name, r.Body)
		}
	}
	rows := env.AuditEntries(models.ActionRequestCommented)
	if len(rows) != 2 || rows[0].Details["via"] != "API token alice-write" {
		t.Fatalf("comment audit rows: %+v", rows)
	}
}
