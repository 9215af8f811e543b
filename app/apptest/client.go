package apptest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Client is a cookie-keeping visitor of an app, driven through app.Test.
// It remembers the last CSRF token a page gave it and adds it to forms.
type Client struct {
	t       testing.TB
	app     *fiber.App
	cookies map[string]*http.Cookie
	csrf    string
	// Header is added to every request (e.g. User-Agent, X-Forwarded-For).
	Header http.Header
}

// Response is an answer with its body read.
type Response struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

// Client returns a new visitor of e.App with no cookies.
func (e *Env) Client() *Client {
	return &Client{t: e.T, app: e.App, cookies: map[string]*http.Cookie{}, Header: http.Header{}}
}

// Use switches the client to another app instance, keeping its cookies:
// the same browser talking to a second server behind the balancer.
func (c *Client) Use(app *fiber.App) { c.app = app }

// Get fetches path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

// PostForm posts form to path, adding the remembered CSRF token unless the
// form has a _csrf field already (set it to "" to post without one).
func (c *Client) PostForm(path string, form url.Values) *Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		if c.csrf == "" {
			c.Get("/login") // any page issues a token
		}
		form.Set("_csrf", c.csrf)
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Login posts the login form and fails the test unless it redirects.
func (c *Client) Login(username, password string) *Response {
	c.t.Helper()
	c.Get("/login")
	r := c.PostForm("/login", url.Values{"username": {username}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("login as %s: status %d, want 303\n%s", username, r.Status, r.Body)
	}
	return r
}

// Do sends req with the client's cookies and headers and records the
// cookies and CSRF token of the answer.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	res, err := c.app.Test(req, -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	if m := csrfField.FindStringSubmatch(string(body)); m != nil {
		c.csrf = m[1]
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: string(body), Location: res.Header.Get("Location")}
}

// For returns the client acting in t (a subtest, a fuzz iteration): same
// app, cookies and headers; failures are reported to t.
func (c *Client) For(t testing.TB) *Client {
	cp := *c
	cp.t = t
	return &cp
}

// Cookie returns the value of the named cookie the client holds.
func (c *Client) Cookie(name string) string {
	if ck, ok := c.cookies[name]; ok {
		return ck.Value
	}
	return ""
}

// CSRF returns the last CSRF token the client saw.
func (c *Client) CSRF() string { return c.csrf }

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Admin returns a client logged in as the seeded admin.
func (e *Env) Admin() *Client {
	c := e.Client()
	c.Login(AdminUsername, AdminPassword)
	return c
}

// LoggedIn creates username with role (password Password) and returns a
// client logged in as them.
func (e *Env) LoggedIn(username, role string) *Client {
	e.CreateUser(username, role)
	c := e.Client()
	c.Login(username, Password)
	return c
}
