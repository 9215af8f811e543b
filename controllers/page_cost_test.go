package controllers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app"
	"vmportal/app/apptest"
	"vmportal/config"
	"vmportal/database"
)

// sessionVersion returns the xmin of the client's session row: it changes
// whenever the row is written.
func sessionVersion(t *testing.T, env *apptest.Env, c *apptest.Client) string {
	t.Helper()
	var xmin string
	env.DB.Gorm.Raw("SELECT xmin::text FROM sessions WHERE k = ?", c.Cookie(app.SessionCookie)).Scan(&xmin)
	if xmin == "" {
		t.Fatal("the client's session is not in the database")
	}
	return xmin
}

// TestPageCost pins what a page costs in statements: one for the session
// and its user together, then a few small ones for the page itself (the
// list: rows (the filters' suggestions are kept while their version,
// read with the session, stays the same); a search first counts its
// term in the suffix index; the dashboard: one read of the summary tables, the oldest Pending and the hosts), and no
// session write on an ordinary page view.
func TestPageCost(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	detail := submit(t, c, requestForm("cost-01"))
	form := requestForm("cost-01")
	form.Set("version", "1")
	form.Set("cpus", "8")
	if r := c.PostForm(detail+"/edit", form); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.Status)
	}
	for _, text := range []string{"First comment", "Second comment"} {
		if r := c.PostForm(detail+"/comments", url.Values{"comment": {text}}); r.Status != http.StatusSeeOther {
			t.Fatalf("comment: %d", r.Status)
		}
	}
	c.Get(detail) // shows and clears the flash: a session write
	// 60 more, named <app>-<env>-00000<id>: a search for "-0000" has a
	// page of matches.
	if err := database.SeedDemo(context.Background(), env.DB, 60, nil); err != nil {
		t.Fatal(err)
	}
	c.Get("/vms") // reads the suggestions, which the next pages keep

	for path, most := range map[string]int{
		"/dashboard":              2, // session and user; own counts, counts per month, oldest Pending and the hosts' use together
		"/vms":                    2, // session and user (and the suggestions' version); rows with VLANs and pager
		"/vms?q=-0000":            3, // session and user; the term's suffix entries counted; every match
		"/vms?q=cost":             3,
		"/vms?q=no-such-vm":       2, // no suffix entry: no request read
		detail:                    2, // session and user; request, VLANs, history, comments, names
		detail + "/compare":       2, // the same statement as the detail page
		"/vms?status=Pending&q=c": 3,
		"/vms?sort=cpus&dir=desc&virtual_host=esx-01&from=2020-01-01": 2,
	} {
		before := sessionVersion(t, env, c)
		var r *apptest.Response
		n := env.CountStatements(func() { r = c.Get(path) })
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, r.Status)
		}
		if n > most {
			t.Errorf("GET %s: %d statements, want at most %d", path, n, most)
		}
		if after := sessionVersion(t, env, c); after != before {
			t.Errorf("GET %s wrote the session", path)
		}
		if strings.Contains(r.Header.Get("Set-Cookie"), app.SessionCookie) {
			t.Errorf("GET %s set the session cookie again", path)
		}
	}
	if page := c.Get(detail).Body; !strings.Contains(page, "<ins>8</ins>") || !strings.Contains(page, "Second comment") {
		t.Error("the detail page lost the update history or the comments")
	}
}

// TestSessionWrittenOnlyWhenChangedOrAging: a flash is a write, an idle
// page is not, and once a tenth of the lifetime has passed the expiry is
// extended with one write (and the cookie re-sent).
func TestSessionWrittenOnlyWhenChangedOrAging(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	v1 := sessionVersion(t, env, c)
	c.Get("/dashboard")
	if sessionVersion(t, env, c) != v1 {
		t.Fatal("a plain page view wrote the session")
	}
	// Age the session as if 2 hours of its 12 had passed.
	env.DB.Gorm.Exec("UPDATE sessions SET e = e - 7200 WHERE k = ?", c.Cookie(app.SessionCookie))
	v2 := sessionVersion(t, env, c)
	r := c.Get("/dashboard")
	if sessionVersion(t, env, c) == v2 || !strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), "\n"), app.SessionCookie+"=") {
		t.Fatal("an aging session was not extended")
	}
	var left int64
	env.DB.Gorm.Raw("SELECT e - extract(epoch from now())::bigint FROM sessions WHERE k = ?", c.Cookie(app.SessionCookie)).Scan(&left)
	if left < int64(env.Cfg.SessionTTL.Seconds())-60 {
		t.Fatalf("extended session expires in %d s, want about %v", left, env.Cfg.SessionTTL)
	}
}

// TestCookiesSecureOverHTTPSFromATrustedProxy: without COOKIE_SECURE,
// cookies are Secure when a trusted proxy says the request came over
// HTTPS, and not when anyone else says so.
func TestCookiesSecureOverHTTPSFromATrustedProxy(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		proxies []string
		secure  bool
	}{
		"trusted proxy":   {[]string{"0.0.0.0"}, true}, // app.Test's peer address
		"untrusted peer":  {[]string{"10.9.9.9"}, false},
		"no proxy at all": {nil, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := apptest.New(t, func(cfg *config.Config) { cfg.TrustedProxies, cfg.CookieSecure = tc.proxies, false })
			req, _ := http.NewRequest(http.MethodGet, "/login", nil)
			req.Header.Set("X-Forwarded-Proto", "https")
			r := env.Client().Do(req)
			cookies := r.Header.Values("Set-Cookie")
			if len(cookies) < 2 {
				t.Fatalf("cookies: %q", cookies)
			}
			for _, ck := range cookies {
				if strings.Contains(ck, "; secure") != tc.secure {
					t.Errorf("Secure = %v, want %v: %s", !tc.secure, tc.secure, ck)
				}
			}
		})
	}
}

// TestCSRFRefererCheckedOverHTTPS: a form posted over HTTPS (through a
// trusted proxy) needs a Referer on this site, even with a valid token.
func TestCSRFRefererCheckedOverHTTPS(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, func(cfg *config.Config) { cfg.TrustedProxies = []string{"0.0.0.0"} })
	c := env.Client()
	c.Get("/login")
	for referer, want := range map[string]int{
		"":                           http.StatusForbidden,
		"https://evil.example/login": http.StatusForbidden,
		"http://example.com/login":   http.StatusForbidden, // scheme differs
		"https://example.com/login":  http.StatusSeeOther,
	} {
		form := url.Values{"_csrf": {c.CSRF()}, "username": {"admin"}, "password": {apptest.AdminPassword}}
		req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Host = "example.com"
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		if r := c.Do(req); r.Status != want {
			t.Errorf("Referer %q: %d, want %d", referer, r.Status, want)
		}
	}
}
