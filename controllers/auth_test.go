package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"vmportal/app"
	"vmportal/app/apptest"
	"vmportal/models"
)

func TestLoginSuccessRedirectsToDashboardAndAudits(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	c.Header.Set("User-Agent", "LoginTest/1.0")

	r := c.Login(apptest.AdminUsername, apptest.AdminPassword)
	if r.Location != "/dashboard" {
		t.Fatalf("login redirected to %q, want /dashboard", r.Location)
	}
	page := c.Get("/dashboard")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Administrator") || !strings.Contains(page.Body, "Log out") {
		t.Fatalf("dashboard after login: status %d\n%s", page.Status, page.Body)
	}

	logins := env.AuditEntries(models.ActionLogin)
	if len(logins) != 1 {
		t.Fatalf("got %d login audit rows, want 1", len(logins))
	}
	got := logins[0]
	if got.ActorID == nil || got.ActorUsername != "admin" || got.UserAgent != "LoginTest/1.0" || got.ClientIP == nil {
		t.Errorf("login audit row = %+v; want actor admin, user agent and IP", got)
	}
	var lastLogin int64
	env.DB.Gorm.Raw("SELECT count(*) FROM users WHERE username = 'admin' AND last_login_at IS NOT NULL").Scan(&lastLogin)
	if lastLogin != 1 {
		t.Error("last_login_at was not recorded")
	}
}

func TestLoginFailureStaysOnLoginWithMessageAndAudits(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	cases := []struct{ name, username, password string }{
		{"wrong password", "admin", "not-the-password"},
		{"unknown user", "nobody", "whatever-123"},
		{"username in other case, wrong password", "ADMIN", "nope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client()
			c.Get("/login")
			r := c.PostForm("/login", url.Values{"username": {tc.username}, "password": {tc.password}})
			if r.Status != http.StatusUnauthorized || r.Location != "" {
				t.Fatalf("status %d location %q, want 401 and no redirect", r.Status, r.Location)
			}
			if !strings.Contains(r.Body, "Invalid username or password.") || !strings.Contains(r.Body, `role="alert"`) {
				t.Errorf("no error message on the login page:\n%s", r.Body)
			}
			if !strings.Contains(r.Body, `value="`+tc.username+`"`) {
				t.Error("the username typed was not kept in the form")
			}
			if strings.Contains(r.Body, tc.password) {
				t.Error("the password was echoed back")
			}
			if c.Get("/dashboard").Status != http.StatusSeeOther {
				t.Error("a failed login gave access to the dashboard")
			}
		})
	}
	failed := env.AuditEntries(models.ActionLoginFailed)
	if len(failed) != len(cases) {
		t.Fatalf("got %d failed-login audit rows, want %d", len(failed), len(cases))
	}
	if failed[1].ActorUsername != "nobody" || failed[1].ActorID != nil || failed[1].Details["username"] != "nobody" {
		t.Errorf("failed login row = %+v, want attempted username and no actor id", failed[1])
	}
}

func TestLoginEmptyFieldsIs422(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	r := c.PostForm("/login", url.Values{"username": {"admin"}, "password": {""}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter your username and password.") {
		t.Fatalf("status %d, want 422 with a message\n%s", r.Status, r.Body)
	}
}

func TestInactiveUserCannotLogIn(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	u := env.CreateUser("gone", models.RoleUser)
	env.DB.Gorm.Model(u).Update("active", false)
	c := env.Client()
	c.Get("/login")
	r := c.PostForm("/login", url.Values{"username": {"gone"}, "password": {apptest.Password}})
	if r.Status != http.StatusUnauthorized {
		t.Fatalf("inactive user login: status %d, want 401", r.Status)
	}
}

func TestAnonymousIsSentToLoginAndBackAfterwards(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	r := c.Get("/dashboard?tab=mine")
	want := "/login?next=" + url.QueryEscape("/dashboard?tab=mine")
	if r.Status != http.StatusSeeOther || r.Location != want {
		t.Fatalf("anonymous /dashboard: %d → %q, want 303 → %q", r.Status, r.Location, want)
	}
	page := c.Get(r.Location)
	if !strings.Contains(page.Body, `name="next" value="/dashboard?tab=mine"`) {
		t.Fatalf("login form does not carry the next path:\n%s", page.Body)
	}
	login := c.PostForm("/login", url.Values{"username": {"admin"}, "password": {apptest.AdminPassword}, "next": {"/dashboard?tab=mine"}})
	if login.Location != "/dashboard?tab=mine" {
		t.Fatalf("after login went to %q, want back to /dashboard?tab=mine", login.Location)
	}
}

func TestLoginNeverRedirectsOffSite(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	for _, next := range []string{
		"//evil.example", "https://evil.example/x", "/\\evil.example", "\\\\evil.example",
		"javascript:alert(1)", "evil.example", "/%0d%0aSet-Cookie:x=y", "///evil.example",
	} {
		t.Run(next, func(t *testing.T) {
			c := env.Client()
			c.Get("/login?next=" + url.QueryEscape(next))
			r := c.PostForm("/login", url.Values{"username": {"admin"}, "password": {apptest.AdminPassword}, "next": {next}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d, want 303", r.Status)
			}
			if r.Location != "/dashboard" && !(strings.HasPrefix(r.Location, "/") && !strings.HasPrefix(r.Location, "//") && !strings.Contains(r.Location, "evil")) {
				t.Fatalf("next=%q redirected to %q", next, r.Location)
			}
		})
	}
}

func TestPostWithoutValidCSRFTokenIsForbidden(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	c.Get("/login")
	for name, token := range map[string]string{"missing": "", "forged": "0000-forged-token"} {
		t.Run(name, func(t *testing.T) {
			r := c.PostForm("/login", url.Values{"_csrf": {token}, "username": {"admin"}, "password": {apptest.AdminPassword}})
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "security token") {
				t.Fatalf("login with %s token: status %d, want 403 page\n%s", name, r.Status, r.Body)
			}
		})
	}
	// A token from another visitor's session does not work either.
	other := env.Client()
	other.Get("/login")
	r := c.PostForm("/login", url.Values{"_csrf": {other.CSRF()}, "username": {"admin"}, "password": {apptest.AdminPassword}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("login with another session's token: status %d, want 403", r.Status)
	}
	if len(env.AuditEntries(models.ActionLogin)) != 0 {
		t.Fatal("a login went through without a valid CSRF token")
	}
	// Logged in, logout without a token is refused too.
	c.Login("admin", apptest.AdminPassword)
	if r := c.PostForm("/logout", url.Values{"_csrf": {""}}); r.Status != http.StatusForbidden {
		t.Fatalf("logout without token: status %d, want 403", r.Status)
	}
}

func TestSessionIDChangesAtLogin(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	c.Get("/login")
	before := c.Cookie(app.SessionCookie)
	if before == "" {
		t.Fatal("no session cookie before login")
	}
	c.Login("admin", apptest.AdminPassword)
	after := c.Cookie(app.SessionCookie)
	if after == "" || after == before {
		t.Fatalf("session id before %q, after %q: want a new id", before, after)
	}
	// The pre-login id (as planted by a fixation attack) grants nothing.
	attacker := env.Client()
	req, _ := http.NewRequest(http.MethodGet, "/dashboard", nil)
	req.AddCookie(&http.Cookie{Name: app.SessionCookie, Value: before})
	if r := attacker.Do(req); r.Status != http.StatusSeeOther {
		t.Fatalf("old session id: status %d, want a redirect to login", r.Status)
	}
}

func TestSessionLivesInPostgres(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()

	// A second instance on the same database, and a restarted first one,
	// both know the session: it is not kept in any process's memory.
	second := env.NewApp()
	c.Use(second)
	if r := c.Get("/dashboard"); r.Status != http.StatusOK {
		t.Fatalf("second instance: status %d, want 200", r.Status)
	}
	if err := env.App.Shutdown(); err != nil {
		t.Fatal(err)
	}
	restarted := env.NewApp()
	for i, a := range []*fiber.App{restarted, second, restarted} {
		c.Use(a)
		if r := c.Get("/dashboard"); r.Status != http.StatusOK {
			t.Fatalf("request %d after restart: status %d, want 200", i, r.Status)
		}
	}
	var n int
	env.DB.Gorm.Raw("SELECT count(*) FROM sessions WHERE k = ?", c.Cookie(app.SessionCookie)).Scan(&n)
	if n != 1 {
		t.Fatalf("session row in PostgreSQL: %d, want 1", n)
	}
	// Logging out on one instance ends the session on all of them.
	c.Use(second)
	c.PostForm("/logout", nil)
	c.Use(restarted)
	if r := c.Get("/dashboard"); r.Status != http.StatusSeeOther {
		t.Fatalf("after logout elsewhere: status %d, want 303 to login", r.Status)
	}
}
