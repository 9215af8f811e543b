package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// A user requests a VM with three VLANs, removes the middle one before
// submitting, finds both remaining VLANs in order on the detail page, then
// edits the CPUs and finds the change in the Update History.
func TestBrowserRequestWithVLANsThenEdit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	b := apptest.NewBrowser(t, env.Serve())

	logIn(b, "alice", apptest.Password)
	b.Click("Request New VM")
	if b.Path() != "/vms/new" {
		t.Fatalf("Request New VM led to %s", b.Path())
	}
	if got := b.Value("Requestor Name"); got != "Test alice" {
		t.Errorf("Requestor Name defaults to %q", got)
	}

	fillRequest(b, "web-frontend-01", "CPUs", "4", "Backup Required", "Yes", "Backup Frequency", "Weekly")

	// The form starts with one blank row; add two more.
	b.ClickInPage("Add VLAN")
	b.ClickInPage("Add VLAN")
	if n := b.Count("[data-vlan-row]"); n != 3 {
		t.Fatalf("%d VLAN rows after adding two, want 3", n)
	}
	for i, v := range [][2]string{{"10", "frontend"}, {"20", "middle"}, {"30", "storage"}} {
		b.FillNth("VLAN ID", i, v[0])
		b.FillNth("VLAN Name", i, v[1])
	}
	// The second row's "Remove" button, by its accessible name.
	b.ClickInPage("Remove VLAN row 2")
	if n := b.Count("[data-vlan-row]"); n != 2 {
		t.Fatalf("%d VLAN rows after removing one, want 2", n)
	}
	b.Click("Submit Request")

	if !strings.HasPrefix(b.Path(), "/vms/") || b.Path() == "/vms/new" {
		t.Fatalf("after submit: %s\n%s", b.Path(), b.Text())
	}
	text := b.Text()
	if !strings.Contains(text, "10 (frontend), 30 (storage)") || strings.Contains(text, "middle") {
		t.Fatalf("detail page VLANs wrong:\n%s", text)
	}
	b.Screenshot("request-detail")

	b.Click("Edit")
	b.Fill("CPUs", "8")
	b.Click("Save Changes")
	text = b.Text()
	if !strings.Contains(text, "Changes saved.") {
		t.Fatalf("no confirmation after save:\n%s", text)
	}
	history := text[strings.Index(text, "Update History"):]
	if !strings.Contains(history, "CPUs: 4 → 8") {
		t.Fatalf("Update History lacks the CPU change:\n%s", history)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
