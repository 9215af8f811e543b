package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestPermissionsPerScope walks the permission table for each role and
// scope: scope narrows what the role allows, it never widens it; another
// user's request is 404 (its existence does not leak).
func TestPermissionsPerScope(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	alice := env.CreateUser("alice", models.RoleUser)
	bob := env.CreateUser("bob", models.RoleUser)
	adm := admin(t, env)
	bobsID := clientFor(t, env, bob, models.ScopeWrite).post("/api/v1/vms", newRequestBody("bob-01")).want(t, http.StatusCreated).id()

	type row struct {
		user  *models.User
		scope string
		// what each call answers, in the order of calls below
		create, readOwn, editOwn, cancelOwn, approveOwn, readOthers, approveOthers, audit int
	}
	rows := []row{
		{alice, models.ScopeRead, 403, 200, 403, 403, 403, 404, 403, 403},
		{alice, models.ScopeWrite, 201, 200, 200, 200, 403, 404, 404, 403},
		{adm, models.ScopeRead, 403, 200, 403, 403, 403, 200, 403, 403},
		{adm, models.ScopeWrite, 201, 200, 200, 200, 200, 200, 200, 403},
		{adm, models.ScopeAdmin, 201, 200, 200, 200, 200, 200, 200, 200},
	}
	n := 0
	for _, r := range rows {
		t.Run(r.user.Username+"/"+r.scope, func(t *testing.T) {
			c := clientFor(t, env, r.user, r.scope)
			// Requests of the user's own, made with a write token, to act on.
			own := clientFor(t, env, r.user, models.ScopeWrite)
			newOwn := func() string {
				n++
				return fmt.Sprintf("/api/v1/vms/%d", own.post("/api/v1/vms", newRequestBody(fmt.Sprintf("own-%d", n))).want(t, 201).id())
			}
			n++
			c.post("/api/v1/vms", newRequestBody(fmt.Sprintf("new-%d", n))).want(t, r.create)
			path := newOwn()
			c.get(path).want(t, r.readOwn)
			c.patch(path, 1, map[string]any{"cpus": 2}).want(t, r.editOwn)
			c.post(newOwn()+"/cancel", map[string]any{"reason": "not needed"}).want(t, r.cancelOwn)
			c.post(newOwn()+"/approve", map[string]any{"note": "ok"}).want(t, r.approveOwn)
			others := fmt.Sprintf("/api/v1/vms/%d", bobsID)
			c.get(others).want(t, r.readOthers)
			c.get(others+"/history").want(t, r.readOthers)
			if r.approveOthers == 200 {
				// Admins may; do it on a fresh copy so bob's stays Pending.
				others = fmt.Sprintf("/api/v1/vms/%d", clientFor(t, env, bob, models.ScopeWrite).
					post("/api/v1/vms", newRequestBody(fmt.Sprintf("bob-%d", n))).want(t, 201).id())
			}
			c.post(others+"/approve", map[string]any{}).want(t, r.approveOthers)
			c.get("/api/v1/audit").want(t, r.audit)
		})
	}
	// A user cannot give a token the admin scope.
	_, _, err := models.CreateAPIToken(env.DB.Gorm, alice, models.TokenInput{Name: "x", Scope: models.ScopeAdmin,
		Expires: models.DefaultTokenExpiry()})
	if err == nil {
		t.Fatal("a user made an admin-scope token")
	}
}

// TestWorkflowDecisions: each decision through the API, with its text,
// 422 without a required reason, 409 when the status does not allow it,
// and the audit row naming the token.
func TestWorkflowDecisions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := clientFor(t, env, admin(t, env), models.ScopeWrite)
	path := fmt.Sprintf("/api/v1/vms/%d", c.post("/api/v1/vms", newRequestBody("flow-1")).want(t, 201).id())

	c.post(path+"/activate", nil).want(t, http.StatusConflict) // Pending → Active is not an edge
	r := c.post(path+"/approve", map[string]any{"note": "capacity ok"}).want(t, http.StatusOK)
	if r.str("status") != models.StatusApproved || r.str("decision_note") != "capacity ok" || r.Header.Get("ETag") != `"2"` {
		t.Fatalf("approve: %s", r.Body)
	}
	c.post(path+"/reject", map[string]any{"reason": "late"}).want(t, http.StatusConflict)
	c.post(path+"/activate", nil).want(t, http.StatusOK)
	c.do(call{method: http.MethodPost, path: path + "/decommission", body: []byte(`{}`), malformed: true}).
		want(t, http.StatusUnprocessableEntity)
	c.do(call{method: http.MethodPost, path: path + "/decommission", body: []byte(`{"reason": "x", "note": "y"}`), malformed: true}).
		want(t, http.StatusUnprocessableEntity)
	r = c.post(path+"/decommission", map[string]any{"reason": "retired"}).want(t, http.StatusOK)
	if r.str("status") != models.StatusDecommissioned || r.str("decision_reason") != "retired" {
		t.Fatalf("decommission: %s", r.Body)
	}

	other := fmt.Sprintf("/api/v1/vms/%d", c.post("/api/v1/vms", newRequestBody("flow-2")).want(t, 201).id())
	c.post(other+"/reject", map[string]any{"reason": "no budget"}).want(t, http.StatusOK)
	third := fmt.Sprintf("/api/v1/vms/%d", c.post("/api/v1/vms", newRequestBody("flow-3")).want(t, 201).id())
	c.post(third+"/cancel", map[string]any{"reason": "duplicate"}).want(t, http.StatusOK)

	for _, action := range []string{models.ActionRequestApproved, models.ActionRequestActive, models.ActionRequestDecommissioned,
		models.ActionRequestRejected, models.ActionRequestCancelled} {
		rows := env.AuditEntries(action)
		if len(rows) != 1 || rows[0].Details["via"] != "API token admin-write" {
			t.Errorf("%s: %+v", action, rows)
		}
	}
	h := c.get(path+"/history").want(t, http.StatusOK)
	if n := len(h.JSON["items"].([]any)); n != 4 {
		t.Fatalf("history has %d entries, want 4 (created, approved, activated, decommissioned)", n)
	}
}
