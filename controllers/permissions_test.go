package controllers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestPermissionTable walks SPEC §2's table row by row: for each action,
// what an anonymous visitor, a user and an admin get. "login" means a
// redirect to the login page. Finer rules (own requests only, edit while
// Pending) have their own tests in vm_requests_test.go.
func TestPermissionTable(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("ursula", models.RoleUser)
	anon, user, admin := env.Client(), env.Client(), env.Client()
	user.Login("ursula", apptest.Password)
	admin.Login("admin", apptest.AdminPassword)
	own := submit(t, user, requestForm("perm-01"))
	target := "/users/" + strconv.FormatInt(userID(t, env, "ursula"), 10)

	const login = -1 // a 303 to /login
	type access struct{ anon, user, admin int }
	rows := []struct {
		row, method, path string
		want              access
	}{
		{"/login", "GET", "/login", access{200, 303, 303}},
		{"static files", "GET", "/static/css/styles.css", access{200, 200, 200}},
		{"/healthz", "GET", "/healthz", access{200, 200, 200}},
		{"dashboard", "GET", "/dashboard", access{login, 200, 200}},
		{"create a request (form)", "GET", "/vms/new", access{login, 200, 200}},
		{"list / search requests", "GET", "/vms?q=perm", access{login, 200, 200}},
		{"view a request (own / all)", "GET", own, access{login, 200, 200}},
		{"edit a request (own Pending / any)", "GET", own + "/edit", access{login, 200, 200}},
		{"approve", "POST", own + "/approve", access{login, 403, 409}}, // 409: version 0 is stale
		{"reject", "POST", own + "/reject", access{login, 403, 409}},
		{"mark Active", "POST", own + "/activate", access{login, 403, 409}},
		{"cancel a request (own Pending / Pending or Approved)", "POST", own + "/cancel", access{login, 409, 409}},
		{"decommission", "POST", own + "/decommission", access{login, 403, 409}},
		{"CSV export (own / all)", "GET", "/vms.csv", access{login, 200, 200}},
		{"CSV import: page", "GET", "/vms/import", access{login, 403, 200}},
		{"CSV import: upload", "POST", "/vms/import", access{login, 403, 422}}, // 422: no file
		{"CSV import: confirm", "POST", "/vms/import/1", access{login, 403, 404}},
		{"comment (own requests / any)", "POST", own + "/comments", access{login, 303, 303}},
		{"compare versions (own requests / any)", "GET", own + "/compare?from=1&to=1", access{login, 200, 200}},
		{"restore a version (own Pending / any)", "POST", own + "/restore", access{login, 409, 409}}, // 409: version 0 is stale
		{"Request Similar VM (from own / any)", "GET", "/vms/new?from=" + own[len("/vms/"):], access{login, 200, 200}},
		{"audit trail", "GET", "/audit", access{login, 403, 200}},
		{"audit export", "GET", "/audit.csv", access{login, 403, 200}},
		{"manage users: list", "GET", "/users", access{login, 403, 200}},
		{"manage users: new", "GET", "/users/new", access{login, 403, 200}},
		{"manage users: edit", "GET", target + "/edit", access{login, 403, 200}},
		{"manage users: reset password", "GET", target + "/password", access{login, 403, 200}},
		{"change own password", "GET", "/account/password", access{login, 200, 200}},
		{"hosts: list", "GET", "/hosts", access{login, 403, 200}},
		{"hosts: new", "GET", "/hosts/new", access{login, 403, 200}},
		{"hosts: create", "POST", "/hosts/new", access{login, 403, 422}}, // 422: the form is empty
		{"hosts: retire", "POST", "/hosts/1/retire", access{login, 403, 404}},
		{"policies: list", "GET", "/policies", access{login, 403, 200}},
		{"policies: new", "GET", "/policies/new", access{login, 403, 200}},
		{"policies: create", "POST", "/policies/new", access{login, 403, 422}},
		{"policies: move", "POST", "/policies/1/up", access{login, 403, 404}},
		{"policies: delete", "POST", "/policies/1/delete", access{login, 403, 404}},
		// Last: the admin deactivates the user.
		{"manage users: deactivate", "POST", target + "/deactivate", access{login, 403, 303}},
	}
	for _, r := range rows {
		for _, v := range []struct {
			who  string
			c    *apptest.Client
			want int
		}{{"anonymous", anon, r.want.anon}, {"user", user, r.want.user}, {"admin", admin, r.want.admin}} {
			who, c, want := v.who, v.c, v.want
			var res *apptest.Response
			if r.method == "POST" {
				res = c.PostForm(r.path, url.Values{"version": {"0"}, "reason": {"x"}, "comment": {"x"}, "restore": {"1"}})
			} else {
				res = c.Get(r.path)
			}
			ok := res.Status == want
			if want == login {
				ok = res.Status == http.StatusSeeOther && len(res.Location) >= 6 && res.Location[:6] == "/login"
			}
			if !ok {
				t.Errorf("%s — %s %s as %s: %d → %q, want %d", r.row, r.method, r.path, who, res.Status, res.Location, want)
			}
		}
	}
}
