package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app"
	"vmportal/app/apptest"
	"vmportal/models"
)

// sessionRows counts the stored sessions.
func sessionRows(t *testing.T, env *apptest.Env) int {
	t.Helper()
	var n int
	if err := env.DB.Gorm.Raw("SELECT count(*) FROM sessions").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLoginPageStoresNoSession: visitors who only open the login page cost
// no statement and leave no session row, yet get the cookies and token
// that log them in; the login then stores a session under a new id.
func TestLoginPageStoresNoSession(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.Client().Get("/login") // reads the site's key, once per instance
	before := sessionRows(t, env)

	c := env.Client()
	var first *apptest.Response
	if n := env.CountStatements(func() { first = c.Get("/login") }); n != 0 {
		t.Errorf("GET /login: %d statements, want 0", n)
	}
	if first.Status != http.StatusOK || c.Cookie(app.SessionCookie) == "" || c.Cookie(app.CSRFCookie) != c.CSRF() {
		t.Fatalf("login page: status %d, session cookie %q, CSRF cookie %q, form token %q",
			first.Status, c.Cookie(app.SessionCookie), c.Cookie(app.CSRFCookie), c.CSRF())
	}
	anonymous, token := c.Cookie(app.SessionCookie), c.CSRF()
	// The same browser again: the same session and token, no cookie re-sent.
	if again := c.Get("/login"); len(again.Header.Values("Set-Cookie")) != 0 || c.CSRF() != token {
		t.Errorf("second visit: Set-Cookie %q, token changed: %v", again.Header.Values("Set-Cookie"), c.CSRF() != token)
	}
	for range 5 {
		env.Client().Get("/login")
	}
	if n := sessionRows(t, env); n != before {
		t.Fatalf("sessions after anonymous visits: %d, want %d", n, before)
	}

	c.Login("admin", apptest.AdminPassword)
	if id := c.Cookie(app.SessionCookie); id == anonymous || id == "" {
		t.Fatalf("session id after login %q: want a new one", id)
	}
	if r := c.Get("/dashboard"); r.Status != http.StatusOK {
		t.Fatalf("dashboard after login: %d", r.Status)
	}
	if n := sessionRows(t, env); n != before+1 {
		t.Fatalf("sessions after one login: %d, want %d", n, before+1)
	}
}

// TestAnonymousSessionIsStoredOnceItHoldsSomething: a language picked
// before logging in is kept (a stored session under the same id).
func TestAnonymousSessionIsStoredOnceItHoldsSomething(t *testing.T) {
	t.Parallel()
	env, c, id := loginPageVisitor(t)
	if r := c.PostForm("/language", url.Values{"language": {"es"}, "next": {"/login"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("picking Spanish: %d", r.Status)
	}
	var n int
	env.DB.Gorm.Raw("SELECT count(*) FROM sessions WHERE k = ? AND user_id IS NULL", id).Scan(&n)
	if n != 1 || c.Cookie(app.SessionCookie) != id {
		t.Fatalf("stored anonymous sessions under %q: %d (cookie now %q), want 1 under the same id", id, n, c.Cookie(app.SessionCookie))
	}
	if page := c.Get("/login"); !strings.Contains(page.Body, `lang="es"`) {
		t.Fatal("the stored choice was not read back")
	}
}

// TestAnonymousSessionIdsMustBeTheSites: an id or token the site did not
// issue is never adopted, so a login posted with made-up cookies and a
// matching made-up token is refused, and so is one that pairs a real id
// or token with a made-up or altered other half.
func TestAnonymousSessionIdsMustBeTheSites(t *testing.T) {
	t.Parallel()
	env, genuine, id := loginPageVisitor(t)

	made := strings.Repeat("A", len(id)) // the length of a real one
	cases := map[string]struct{ session, token string }{
		"made-up id and token":     {made, "made-up-token"},
		"made-up id, real token":   {made, genuine.CSRF()},
		"real id, made-up token":   {id, "made-up-token"},
		"id with a changed letter": {flipFirst(id), genuine.CSRF()},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			form := url.Values{"_csrf": {tc.token}, "username": {"admin"}, "password": {apptest.AdminPassword}}
			req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: app.SessionCookie, Value: tc.session})
			req.AddCookie(&http.Cookie{Name: app.CSRFCookie, Value: tc.token})
			visitor := env.Client()
			r := visitor.Do(req)
			if r.Status != http.StatusForbidden {
				t.Fatalf("status %d, want 403", r.Status)
			}
			// The site's own id is kept; any other is replaced by a new one.
			got := visitor.Cookie(app.SessionCookie)
			if tc.session == id && got != "" {
				t.Errorf("the genuine id was replaced by %q", got)
			}
			if tc.session != id && (got == "" || got == tc.session) {
				t.Errorf("a made-up id was adopted: cookie %q", got)
			}
		})
	}
	if len(env.AuditEntries(models.ActionLogin)) != 0 {
		t.Fatal("a login went through with a token the site did not issue")
	}
	// The genuine visitor still logs in.
	genuine.Login("admin", apptest.AdminPassword)
}

// TestAnonymousSessionWorksAcrossInstances: the login page of one instance
// can be posted to another on the same database (they share the key).
func TestAnonymousSessionWorksAcrossInstances(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	second := env.NewApp()
	c := env.Client()
	c.Get("/login")
	c.Use(second)
	r := c.PostForm("/login", url.Values{"username": {"admin"}, "password": {apptest.AdminPassword}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("login posted to the second instance: %d, want 303", r.Status)
	}
}

// loginPageVisitor starts the portal and opens its login page as a new
// visitor, returning the visitor and its anonymous session id.
func loginPageVisitor(t *testing.T) (*apptest.Env, *apptest.Client, string) {
	t.Helper()
	env := apptest.New(t)
	c := env.Client()
	c.Get("/login")
	id := c.Cookie(app.SessionCookie)
	if id == "" {
		t.Fatal("the login page set no session cookie")
	}
	return env, c, id
}

// flipFirst changes the first character of a base64url string (the last
// one may only carry padding bits).
func flipFirst(s string) string {
	repl := "A"
	if s[0] == 'A' {
		repl = "B"
	}
	return repl + s[1:]
}
