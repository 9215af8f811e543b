package controllers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/app/directory/ldaptest"
	"vmportal/config"
	"vmportal/models"
)

// directoryEnv starts a real slapd and a portal that logs in against it
// over StartTLS, trusting the test CA through LDAP_CA_FILE.
func directoryEnv(t *testing.T) (*apptest.Env, *ldaptest.Server) {
	t.Helper()
	srv := ldaptest.Start(t)
	env := apptest.New(t, func(cfg *config.Config) { cfg.LDAP = srv.Config() })
	return env, srv
}

func findUser(t *testing.T, env *apptest.Env, name string) *models.User {
	t.Helper()
	u, err := models.FindUserByUsername(env.DB.Gorm, name)
	if err != nil {
		t.Fatalf("user %s: %v", name, err)
	}
	return u
}

// tryLogin posts the login form from a fresh visitor.
func tryLogin(env *apptest.Env, username, password string) *apptest.Response {
	c := env.Client()
	c.Get("/login")
	return c.PostForm("/login", url.Values{"username": {username}, "password": {password}})
}

func TestDirectoryLoginCreatesTheUserAndFollowsTheAdminGroup(t *testing.T) {
	t.Parallel()
	env, srv := directoryEnv(t)

	c := env.Client()
	c.Login("alice", ldaptest.AlicePassword)
	alice := findUser(t, env, "alice")
	if !alice.IsDirectory() || alice.PasswordHash != "" || alice.Role != models.RoleAdmin ||
		alice.FullName != "Alice Liddell" || alice.Email != "alice@example.org" || alice.LastLoginAt == nil {
		t.Fatalf("alice after her first login = %+v; want a directory admin with the directory's name and email", alice)
	}
	if page := c.Get("/users"); page.Status != http.StatusOK {
		t.Fatalf("alice (directory admin) on /users: status %d", page.Status)
	}
	logins := env.AuditEntries(models.ActionLoginDirectory)
	if len(logins) != 1 || logins[0].ActorID == nil || *logins[0].ActorID != alice.ID {
		t.Fatalf("login (directory) audit rows = %+v, want one by alice", logins)
	}

	// Removed from the admin group, she is a user at her next login.
	srv.Modify("dn: " + ldaptest.AdminGroupDN + "\nchangetype: modify\ndelete: member\nmember: uid=alice," + ldaptest.PeopleBase + "\n")
	c = env.Client()
	c.Login("alice", ldaptest.AlicePassword)
	if u := findUser(t, env, "alice"); u.Role != models.RoleUser {
		t.Fatalf("alice after leaving the admin group: role %q, want user", u.Role)
	}
	if r := c.Get("/users"); r.Status != http.StatusForbidden {
		t.Errorf("alice (no longer admin) on /users: status %d, want 403", r.Status)
	}
	logins = env.AuditEntries(models.ActionLoginDirectory)
	if len(logins) != 2 || logins[1].Details["changes"] == nil {
		t.Errorf("second directory login audit = %+v, want the role change in its details", logins)
	}

	// Bob is a plain user from the start.
	env.Client().Login("bob", ldaptest.BobPassword)
	if u := findUser(t, env, "bob"); u.Role != models.RoleUser || !u.IsDirectory() {
		t.Errorf("bob = %+v, want a directory user", u)
	}
}

func TestDirectoryLoginRefusals(t *testing.T) {
	t.Parallel()
	env, _ := directoryEnv(t)
	cases := []struct{ name, username, password, reason string }{
		{"wrong password", "alice", "not-alices-password", "directory: wrong password"},
		{"outside the user group", "dave", ldaptest.DavePassword, "directory: not a member of the user group"},
		{"unknown user", "mallory", "whatever-1", "directory: no such user"},
		{"wildcard username", "*", ldaptest.AlicePassword, "username not valid in the portal"},
		{"filter injection", "alice)(uid=*", ldaptest.AlicePassword, "username not valid in the portal"},
	}
	for _, tc := range cases {
		before := countReason(env, models.ActionLoginFailed, tc.reason)
		r := tryLogin(env, tc.username, tc.password)
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "Invalid username or password.") {
			t.Errorf("%s: status %d, want 401 with the usual message", tc.name, r.Status)
		}
		if strings.Contains(r.Body, "group") || strings.Contains(r.Body, "directory:") {
			t.Errorf("%s: the page tells the reason", tc.name)
		}
		if n := countReason(env, models.ActionLoginFailed, tc.reason) - before; n != 1 {
			t.Errorf("%s: %d new audit rows with reason %q, want 1", tc.name, n, tc.reason)
		}
	}
	var users int64
	env.DB.Gorm.Model(&models.User{}).Where("source = ?", models.SourceDirectory).Count(&users)
	if users != 0 {
		t.Errorf("%d directory users created by refused logins", users)
	}
	// A user deactivated in the portal stays out.
	env.Client().Login("bob", ldaptest.BobPassword)
	env.DB.Gorm.Model(&models.User{}).Where("username = 'bob'").Update("active", false)
	if r := tryLogin(env, "bob", ldaptest.BobPassword); r.Status != http.StatusUnauthorized {
		t.Errorf("deactivated directory user: status %d, want 401", r.Status)
	}
	// Directory logins are throttled like local ones.
	for i := 0; i < 5; i++ {
		tryLogin(env, "alice", "wrong")
	}
	if r := tryLogin(env, "alice", ldaptest.AlicePassword); r.Status != http.StatusTooManyRequests {
		t.Errorf("after 5 wrong directory passwords: status %d, want 429", r.Status)
	}
}

func TestDirectoryDownLeavesLocalAccountsWorking(t *testing.T) {
	t.Parallel()
	env, srv := directoryEnv(t)
	env.Client().Login("alice", ldaptest.AlicePassword)
	srv.Stop()

	env.Client().Login(apptest.AdminUsername, apptest.AdminPassword)
	for _, name := range []string{"alice", "newcomer"} {
		r := tryLogin(env, name, "any-password-1")
		if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "The directory is not answering") {
			t.Errorf("%s with the directory down: status %d, want 503 with the directory message\n%s", name, r.Status, r.Body)
		}
		if strings.Contains(r.Body, "Invalid username or password") {
			t.Errorf("%s: told the password was wrong", name)
		}
	}
	failed := env.AuditEntries(models.ActionLoginFailed)
	if len(failed) != 2 || !strings.Contains(failed[0].Details["reason"].(string), "not answering") {
		t.Errorf("failed-login rows = %+v, want the outage as reason", failed)
	}
}

func TestDirectoryAccountsHaveNoPortalPassword(t *testing.T) {
	t.Parallel()
	env, _ := directoryEnv(t)
	bob := env.Client()
	bob.Login("bob", ldaptest.BobPassword)
	const managed = "Your password is managed by your organisation&#39;s directory"
	if r := bob.Get("/account/password"); r.Status != http.StatusOK || !strings.Contains(r.Body, managed) || strings.Contains(r.Body, `name="current_password"`) {
		t.Fatalf("bob's change-password page: status %d, want the directory message and no form\n%s", r.Status, r.Body)
	}
	r := bob.PostForm("/account/password", url.Values{"current_password": {ldaptest.BobPassword},
		"new_password": {"portal-password-1"}, "confirm_password": {"portal-password-1"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, managed) {
		t.Errorf("bob posting a new password: status %d, want 403 with the directory message", r.Status)
	}

	admin := env.Admin()
	id := findUser(t, env, "bob").ID
	list := admin.Get("/users")
	if !strings.Contains(list.Body, "<td>Directory</td>") || !strings.Contains(list.Body, "<td>Local</td>") ||
		strings.Contains(list.Body, `aria-label="Reset password of bob"`) {
		t.Errorf("users page does not show where accounts come from, or offers bob a reset")
	}
	if r := admin.Get(fmt.Sprintf("/users/%d/edit", id)); !strings.Contains(r.Body, "refreshed from the directory at every login") {
		t.Error("the edit page of a directory user does not say the directory owns its profile")
	}
	path := fmt.Sprintf("/users/%d/password", id)
	if r := admin.Get(path); !strings.Contains(r.Body, "manages their password") || strings.Contains(r.Body, `name="password"`) {
		t.Errorf("reset page of a directory user offers a form:\n%s", r.Body)
	}
	r = admin.PostForm(path, url.Values{"password": {"admin-chosen-1"}, "confirm_password": {"admin-chosen-1"}})
	if r.Status != http.StatusConflict {
		t.Errorf("admin resetting bob's password: status %d, want 409", r.Status)
	}
	if u := findUser(t, env, "bob"); u.PasswordHash != "" || len(env.AuditEntries(models.ActionPasswordChanged)) != 0 {
		t.Error("a directory account got a portal password")
	}
}
