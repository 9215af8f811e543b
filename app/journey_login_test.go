package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
)

// The first user journey, in a real headless Chromium: an admin logs in,
// sees the dashboard with the admin quick actions, and logs out.
func TestBrowserAdminLogsInAndOut(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	b := apptest.NewBrowser(t, env.Serve())

	b.Visit("/dashboard")
	if !strings.HasPrefix(b.Path(), "/login?next=") {
		t.Fatalf("anonymous visit landed on %s, want the login page", b.Path())
	}
	b.Fill("Username", "admin")
	b.Fill("Password", apptest.AdminPassword)
	b.Click("Log in")

	if b.Path() != "/dashboard" {
		t.Fatalf("after login: %s, want /dashboard", b.Path())
	}
	text := b.Text()
	for _, want := range []string{"Dashboard", "List VMs", "Request New VM", "Audit Trail", "Users", "Pending requests", "Administrator"} {
		if !strings.Contains(text, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	b.Screenshot("dashboard-admin")

	b.Click("Log out")
	if b.Path() != "/login" || !strings.Contains(b.Text(), "You have been logged out.") {
		t.Fatalf("after logout: %s\n%s", b.Path(), b.Text())
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("the pages logged errors (CSP violations, JS errors): %v", errs)
	}
}
