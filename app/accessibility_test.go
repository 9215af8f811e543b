package app_test

import (
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// Every page, as the people who use it see it, passes axe-core's WCAG 2.1
// A and AA rules (labels, contrast, landmarks, heading order, names of
// buttons and links), including a form re-rendered with errors, and can be
// used from the keyboard alone: Tab reaches every control and shows where
// the focus is.
func TestPagesPassAutomatedAccessibilityChecks(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	b := apptest.NewBrowser(t, env.Serve())

	axe := a11yCheck(t, b)
	check := func(page string) {
		t.Helper()
		axe(page)
		if v := b.KeyboardProblems(); len(v) > 0 {
			t.Errorf("%s (%s) is not usable from the keyboard:\n  %s", page, b.Path(), strings.Join(v, "\n  "))
		}
	}
	b.Visit("/login")
	check("login")
	if got := b.Click("Log in"); got != http.StatusUnprocessableEntity { // empty: the page comes back with an error
		t.Errorf("empty login: status %d, want 422", got)
	}
	check("login with an error")

	logIn(b, "admin", apptest.AdminPassword)
	check("dashboard")
	b.Visit("/vms/new")
	check("request form")
	if got := b.Click("Submit Request"); got != http.StatusUnprocessableEntity { // invalid: errors beside the fields
		t.Errorf("empty request: status %d, want 422", got)
	}
	check("request form with errors")

	fillRequest(b, "a11y-01", "Requestor Email", "admin@example.com")
	b.FillNth("VLAN ID", 0, "10")
	b.Click("Submit Request")
	check("request detail")
	b.Click("Edit")
	check("edit form")
	for _, path := range []string{"/dashboard", "/vms", "/vms?q=nothing", "/vms?sort=cpus&dir=desc&virtual_host=esx-01&from=2026-01-01",
		"/vms/1/compare", "/vms/new?from=1", "/audit", "/users", "/users/new",
		"/account/password", "/account", "/admin/webhooks", "/admin/webhooks/new", "/admin/queue",
		"/vms/import", "/hosts", "/hosts/new", "/policies", "/policies/new", "/no/such/page"} {
		want := http.StatusOK
		if path == "/no/such/page" {
			want = http.StatusNotFound
		}
		if got := b.Visit(path); got != want {
			t.Errorf("%s: status %d, want %d", path, got, want)
		}
		check(path)
	}
	b.Visit("/account/tokens")
	b.Fill("Name", "a11y token")
	if got := b.Click("Create Token"); got != http.StatusCreated {
		t.Errorf("create token: status %d, want 201", got)
	}
	check("API tokens with a new token")
}
