package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// The lifecycle journey: a user submits two requests and cancels the
// second with a reason; an admin approves the first with a Note, marks it
// Active and decommissions it with a reason, confirming each in the modal.
// The pages with the new statuses pass the accessibility checks.
func TestBrowserRequestDecommissionedAndAnotherCancelled(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	b := apptest.NewBrowser(t, env.Serve())

	logIn(b, "alice", apptest.Password)
	var paths []string
	for _, name := range []string{"ledger-01", "ledger-02"} {
		b.Visit("/vms/new")
		fillRequest(b, name)
		b.Click("Submit Request")
		paths = append(paths, b.Path())
	}
	b.Fill("Reason", "Merged into ledger-01")
	decideInPage(t, b, "Cancel Request", "Cancel the request for ledger-02? A cancelled request cannot be reopened.", "Yes, cancel the request")
	if text := b.Text(); !strings.Contains(text, "Request cancelled.") || !strings.Contains(text, "Merged into ledger-01") {
		t.Fatalf("not cancelled:\n%s", text)
	}
	b.Click("Log out")

	logIn(b, "admin", apptest.AdminPassword)
	b.Visit(paths[0])
	b.Fill("Note", "Capacity checked on esx-01")
	decideInPage(t, b, "Approve", "Approve the request for ledger-01?", "Yes, approve")
	decideInPage(t, b, "Mark Active", "Mark ledger-01 as Active (the machine is in service)?", "Yes, mark Active")
	b.Fill("Reason", "Replaced by ledger-03")
	decideInPage(t, b, "Decommission", "Decommission ledger-01 (the machine is taken out of service)?", "Yes, decommission")
	text := b.Text()
	for _, want := range []string{"Request decommissioned.", "Decommissioned", "Replaced by ledger-03", "Capacity checked on esx-01"} {
		if !strings.Contains(text, want) {
			t.Errorf("decommissioned page lacks %q:\n%s", want, text)
		}
	}
	for _, page := range []string{paths[0], paths[1], "/vms", "/vms?status=Cancelled"} {
		b.Visit(page)
		if v := b.AccessibilityViolations(); len(v) > 0 {
			t.Errorf("%s breaks WCAG rules:\n  %s", page, strings.Join(v, "\n  "))
		}
	}
	if !strings.Contains(b.Text(), "ledger-02") || strings.Contains(b.Text(), "ledger-01") {
		t.Error("the Cancelled filter does not list just the cancelled request")
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// decideInPage clicks the button of a form that asks for confirmation
// (a decision, a restore) and confirms it in the modal.
func decideInPage(t *testing.T, b *apptest.Browser, button, question, yes string) {
	t.Helper()
	b.ClickInPage(button)
	confirm(t, b, question, yes)
}

// confirm waits for the confirmation modal, checks its question and
// confirms with the button labelled yes.
func confirm(t *testing.T, b *apptest.Browser, question, yes string) {
	t.Helper()
	b.WaitVisible("#confirm-modal [data-confirm-ok]")
	if !strings.Contains(b.Text(), question) {
		t.Fatalf("no confirmation %q:\n%s", question, b.Text())
	}
	b.Click(yes)
}
