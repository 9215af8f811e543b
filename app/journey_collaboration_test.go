package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// The collaboration journey: a user submits a request, comments on it and
// raises its CPUs; an admin approves it with a Note; the user compares
// version 1 with the latest; the admin restores version 1, then cancels
// the request. Another request goes Active and is decommissioned. The
// compare page and the detail page with comments pass the accessibility
// checks.
func TestBrowserCommentCompareRestoreCancel(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	b := apptest.NewBrowser(t, env.Serve())

	logIn(b, "alice", apptest.Password)
	b.Visit("/vms/new")
	fillRequest(b, "crm-01")
	b.Click("Submit Request")
	path := b.Path()
	b.Fill("Add a comment", "Needed for the CRM launch.\nBy Friday, please.")
	b.Click("Post Comment")
	if text := b.Text(); !strings.Contains(text, "Comment posted.") || !strings.Contains(text, "Needed for the CRM launch.\nBy Friday, please.") {
		t.Fatalf("comment not shown with its line break:\n%s", text)
	}
	if v := b.AccessibilityViolations(); len(v) > 0 {
		t.Errorf("detail page with comments breaks WCAG rules:\n  %s", strings.Join(v, "\n  "))
	}
	b.Click("Edit")
	b.Fill("CPUs", "8")
	b.Click("Save Changes")
	b.Click("Log out")

	logIn(b, "admin", apptest.AdminPassword)
	b.Visit(path)
	b.Fill("Note", "Room on esx-02")
	decideInPage(t, b, "Approve", "Approve the request for crm-01?", "Yes, approve")
	b.Click("Log out")

	logIn(b, "alice", apptest.Password)
	b.Visit(path)
	b.Click("Compare versions")
	text := b.Text()
	for _, want := range []string{"Compare versions", "Version 1\tVersion 3", "CPUs\t4\t8", "Status\tPending\tApproved", "Room on esx-02"} {
		if !strings.Contains(text, want) {
			t.Errorf("comparison of version 1 with the latest lacks %q:\n%s", want, text)
		}
	}
	if v := b.AccessibilityViolations(); len(v) > 0 {
		t.Errorf("compare page breaks WCAG rules:\n  %s", strings.Join(v, "\n  "))
	}
	b.Fill("From version", "2")
	b.Click("Compare")
	if text := b.Text(); !strings.Contains(text, "Version 2\tVersion 3") || strings.Contains(text, "CPUs") {
		t.Errorf("comparison of version 2 with 3:\n%s", text)
	}
	b.Click("Log out")

	logIn(b, "admin", apptest.AdminPassword)
	b.Visit(path)
	decideInPage(t, b, "Restore this version (version 1)", "Restore version 1 of crm-01?", "Yes, restore version 1")
	text = b.Text()
	for _, want := range []string{"Version 1 restored as version 4.", "Restored from version 1", "Approved"} {
		if !strings.Contains(text, want) {
			t.Errorf("after the restore the page lacks %q:\n%s", want, text)
		}
	}
	b.Fill("Reason", "Project postponed")
	decideInPage(t, b, "Cancel Request", "Cancel the request for crm-01? A cancelled request cannot be reopened.", "Yes, cancel the request")
	if text := b.Text(); !strings.Contains(text, "Request cancelled.") || !strings.Contains(text, "Project postponed") {
		t.Fatalf("not cancelled:\n%s", text)
	}

	b.Visit("/vms/new")
	fillRequest(b, "crm-02")
	b.Click("Submit Request")
	decideInPage(t, b, "Approve", "Approve the request for crm-02?", "Yes, approve")
	decideInPage(t, b, "Mark Active", "Mark crm-02 as Active (the machine is in service)?", "Yes, mark Active")
	b.Fill("Reason", "Replaced by crm-03")
	decideInPage(t, b, "Decommission", "Decommission crm-02 (the machine is taken out of service)?", "Yes, decommission")
	if text := b.Text(); !strings.Contains(text, "Request decommissioned.") || !strings.Contains(text, "Decommissioned") {
		t.Fatalf("not decommissioned:\n%s", text)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
