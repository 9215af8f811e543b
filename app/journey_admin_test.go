package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
)

// The admin journey: an admin creates a user; the user logs in and submits
// a request; the admin rejects it with a reason, confirming in the modal;
// the user sees the reason; the admin finds all of it in the Audit Trail.
func TestBrowserAdminRejectsAUsersRequest(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	b := apptest.NewBrowser(t, env.Serve())

	logIn(b, "admin", apptest.AdminPassword)
	b.Click("Users")
	b.Click("New User")
	b.Fill("Username", "jules")
	b.Fill("Full Name", "Jules Verne")
	b.Fill("Email", "jules@example.com")
	b.Fill("Role", "user")
	b.Fill("Password", "twenty-thousand-leagues")
	b.Click("Create User")
	if !strings.Contains(b.Text(), "User jules created.") {
		t.Fatalf("user not created:\n%s", b.Text())
	}
	b.Click("Log out")

	logIn(b, "jules", "twenty-thousand-leagues")
	b.Visit("/vms/new")
	fillRequest(b, "nautilus-01", "Primary Admin Name", "Jules Verne", "Primary Admin Email", "jules@example.com")
	b.Click("Submit Request")
	requestPath := b.Path()
	if !strings.Contains(b.Text(), "Request for nautilus-01 submitted.") {
		t.Fatalf("request not submitted:\n%s", b.Text())
	}
	b.Click("Log out")

	logIn(b, "admin", apptest.AdminPassword)
	b.Visit(requestPath)
	b.Fill("Reason", "No budget for new VMs this quarter")
	b.ClickInPage("Reject")
	// The confirmation modal opens (with a fade): confirm it.
	b.WaitVisible("#confirm-modal [data-confirm-ok]")
	if !strings.Contains(b.Text(), "Reject the request for nautilus-01?") {
		t.Fatalf("no confirmation dialog:\n%s", b.Text())
	}
	b.Screenshot("reject-modal")
	b.Click("Yes, reject")
	if !strings.Contains(b.Text(), "Request rejected.") {
		t.Fatalf("not rejected:\n%s", b.Text())
	}
	b.Click("Log out")

	logIn(b, "jules", "twenty-thousand-leagues")
	b.Visit(requestPath)
	text := b.Text()
	if !strings.Contains(text, "Rejected") || !strings.Contains(text, "No budget for new VMs this quarter") {
		t.Fatalf("the user does not see the rejection and its reason:\n%s", text)
	}
	b.Click("Log out")

	logIn(b, "admin", apptest.AdminPassword)
	b.Click("Audit Trail")
	b.Fill("Object (id or name)", "nautilus-01")
	b.Click("Filter")
	trail := b.Text()
	for _, want := range []string{"Request created", "Request rejected", "jules", "No budget for new VMs this quarter"} {
		if !strings.Contains(trail, want) {
			t.Errorf("audit trail lacks %q:\n%s", want, trail)
		}
	}
	b.Visit("/audit?user=jules")
	if trail := b.Text(); !strings.Contains(trail, "Login") || !strings.Contains(trail, "Logout") {
		t.Errorf("jules's logins are not in the trail:\n%s", trail)
	}
	b.Visit("/audit?action=user.created")
	if !strings.Contains(b.Text(), "jules") {
		t.Error("the user creation is not in the trail")
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
