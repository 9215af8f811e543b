package controllers_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

func TestDashboardQuickActionsByRole(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("erin", models.RoleUser)

	admin := env.Admin()
	page := admin.Get("/dashboard")
	for _, want := range []string{">List VMs<", ">Request New VM<", ">Audit Trail<", ">Users<", `data-testid="pending-count">0<`, ">admin<"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("admin dashboard lacks %q", want)
		}
	}

	user := env.Client()
	user.Login("erin", apptest.Password)
	page = user.Get("/dashboard")
	for _, want := range []string{">List VMs<", ">Request New VM<", "Test erin", ">user<"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("user dashboard lacks %q", want)
		}
	}
	for _, unwanted := range []string{">Audit Trail<", ">Users<", "pending-count"} {
		if strings.Contains(page.Body, unwanted) {
			t.Errorf("user dashboard shows admin-only %q", unwanted)
		}
	}
	submit(t, user, requestForm("pend-01"))
	submit(t, user, requestForm("pend-02"))
	if !strings.Contains(admin.Get("/dashboard").Body, `data-testid="pending-count">2<`) {
		t.Error("the admin's Pending count does not count new requests")
	}
}

func TestRootRedirectsToDashboard(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	if r := c.Get("/"); r.Status != http.StatusSeeOther || r.Location != "/dashboard" {
		t.Fatalf("GET /: %d → %q", r.Status, r.Location)
	}
}

func TestUnknownPageIs404InLayout(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	r := c.Get("/no/such/page")
	if r.Status != http.StatusNotFound || !strings.Contains(r.Body, "Page not found") || !strings.Contains(r.Body, "navbar") {
		t.Fatalf("status %d, want the 404 page in the layout\n%s", r.Status, r.Body)
	}
	if strings.Contains(r.Body, "Cannot GET") {
		t.Error("Fiber's raw message leaked into the page")
	}
}

func TestStaticFilesAndSecurityHeaders(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	r := c.Get("/static/vendor/bootstrap-5.3.9/css/bootstrap.min.css")
	if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Cache-Control"), "max-age=") {
		t.Fatalf("bootstrap css: status %d, cache %q", r.Status, r.Header.Get("Cache-Control"))
	}
	if r.Header.Get("Set-Cookie") != "" {
		t.Error("a static file created a session")
	}
	page := c.Get("/login")
	csp := page.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	if page.Header.Get("X-Frame-Options") != "DENY" || page.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("missing frame or content-type protection headers")
	}
	if !regexp.MustCompile(`href="/static/css/styles\.css\?v=[0-9a-f]{8}"`).MatchString(page.Body) {
		t.Error("the stylesheet URL carries no content fingerprint")
	}
	if strings.Contains(page.Body, "<script>") || strings.Contains(page.Body, " onclick=") {
		t.Error("the page has inline script, which the CSP forbids")
	}
	for _, ck := range []string{"vmportal_session", "vmportal_csrf"} {
		if h := strings.Join(page.Header.Values("Set-Cookie"), "\n"); !strings.Contains(h, ck+"=") || !strings.Contains(h, "HttpOnly") || !strings.Contains(h, "SameSite=Lax") {
			t.Errorf("cookie %s not HttpOnly+SameSite=Lax: %s", ck, h)
		}
	}
}
