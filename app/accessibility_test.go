package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// Every page, as the people who use it see it, passes axe-core's WCAG 2.1
// A and AA rules (labels, contrast, landmarks, heading order, names of
// buttons and links), including a form re-rendered with errors.
func TestPagesPassAutomatedAccessibilityChecks(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	b := apptest.NewBrowser(t, env.Serve())

	check := func(page string) {
		t.Helper()
		if v := b.AccessibilityViolations(); len(v) > 0 {
			t.Errorf("%s (%s) breaks WCAG rules:\n  %s", page, b.Path(), strings.Join(v, "\n  "))
		}
	}
	b.Visit("/login")
	check("login")
	b.ClickButton("Log in") // empty: the page comes back with an error
	check("login with an error")

	logIn(b, "admin", apptest.AdminPassword)
	check("dashboard")
	b.Visit("/vms/new")
	check("request form")
	b.ClickButton("Submit Request") // invalid: errors beside the fields
	check("request form with errors")

	fillRequest(b, "a11y-01", "Requestor Email", "admin@example.com")
	b.FillNth("VLAN ID", 0, "10")
	b.ClickButton("Submit Request")
	check("request detail")
	b.ClickButton("Edit")
	check("edit form")
	for _, path := range []string{"/vms", "/vms?q=nothing", "/audit", "/users", "/users/new", "/account/password", "/no/such/page"} {
		b.Visit(path)
		check(path)
	}
}
