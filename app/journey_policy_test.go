package app_test

import (
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// The capacity journey: an admin registers a small host (after a refused
// try) and a policy that auto-approves small requests; a user's small
// request is approved by the policy, a larger one waits; the admin's
// approval of it is refused for capacity until "Approve over capacity" is
// ticked with a reason. /hosts, /policies, their forms and the detail page
// with its Capacity section pass the accessibility checks.
func TestBrowserHostPolicyAndApproveOverCapacity(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	b := apptest.NewBrowser(t, env.Serve())
	check := a11yCheck(t, b)

	logIn(b, "admin", apptest.AdminPassword)
	b.Visit("/hosts")
	check("/hosts, empty")
	b.Click("New Host")
	for _, f := range [][2]string{{"Name", "esx-01"}, {"Physical Location", "DC1 Rack 7"}, {"CPU Cores", "0"}, {"RAM (GB)", "64"}, {"Disk (GB)", "1000"}} {
		b.Fill(f[0], f[1])
	}
	if got := b.Click("Register Host"); got != http.StatusUnprocessableEntity {
		t.Fatalf("0 cores: %d, want 422", got)
	}
	check("host form with errors")
	if b.Value("Name") != "esx-01" {
		t.Error("the host form lost its input")
	}
	b.Fill("CPU Cores", "4")
	b.Click("Register Host")
	if text := b.Text(); !strings.Contains(text, "Host esx-01 registered.") || !strings.Contains(text, "0 of 4 cores (0%)") {
		t.Fatalf("host not listed:\n%s", text)
	}
	check("/hosts")

	b.Visit("/policies")
	b.Click("New Policy")
	b.Fill("Name", "Small VMs")
	b.Fill("At most CPUs", "2")
	b.Fill("Action", models.PolicyAutoApprove)
	check("policy form")
	b.Click("Create Policy")
	if !strings.Contains(b.Text(), "Policy Small VMs created.") {
		t.Fatalf("policy not created:\n%s", b.Text())
	}
	check("/policies")
	b.Click("Log out")

	logIn(b, "alice", apptest.Password)
	b.Visit("/vms/new")
	fillRequest(b, "tiny-01", "CPUs", "2")
	b.Click("Submit Request")
	if !strings.Contains(b.Text(), "It was approved by policy Small VMs.") {
		t.Fatalf("small request not auto-approved:\n%s", b.Text())
	}
	b.Visit("/vms/new")
	fillRequest(b, "large-01", "CPUs", "4")
	b.Click("Submit Request")
	large := b.Path()
	b.Click("Log out")

	logIn(b, "admin", apptest.AdminPassword)
	b.Visit(large)
	if text := b.Text(); !strings.Contains(text, "2 / 4 cores") || !strings.Contains(text, "6 / 4 cores (over capacity)") {
		t.Fatalf("Capacity section:\n%s", text)
	}
	check("detail page with Capacity")
	b.ClickInPage("Approve")
	b.WaitVisible("#confirm-modal [data-confirm-ok]")
	if got := b.Click("Yes, approve"); got != http.StatusUnprocessableEntity {
		t.Fatalf("approval over capacity: %d, want 422", got)
	}
	if !strings.Contains(b.Text(), "Approving this request would put host esx-01 over capacity: CPU 6 of 4 cores.") {
		t.Fatalf("no capacity message:\n%s", b.Text())
	}
	check("detail page with the capacity refusal")
	b.Tick("Approve over capacity")
	b.Fill("Reason for approving over capacity", "The old build host is retired on Friday")
	b.ClickInPage("Approve")
	confirm(t, b, "Approve the request for large-01?", "Yes, approve")
	if text := b.Text(); !strings.Contains(text, "Request approved.") || !strings.Contains(text, "6 / 4 cores (over capacity)") {
		t.Fatalf("not approved over capacity:\n%s", text)
	}
	b.Visit("/hosts")
	if !strings.Contains(b.Text(), "6 of 4 cores (150%) over capacity") {
		t.Errorf("/hosts does not show the host over capacity:\n%s", b.Text())
	}
	b.Visit("/dashboard") // the same bars, on the admins' dashboard
	if !strings.Contains(b.Text(), "6 of 4 cores (150%) over capacity") {
		t.Errorf("the dashboard does not show the host over capacity:\n%s", b.Text())
	}
	check("dashboard with host capacity")
	if rows := env.AuditEntries(models.ActionRequestOverCapacity); len(rows) != 1 || rows[0].Details["reason"] != "The old build host is retired on Friday" {
		t.Errorf("over-capacity approval not audited: %+v", rows)
	}
	for _, e := range b.ConsoleErrors() {
		if !strings.Contains(e, "status of 422") { // the two refusals above are meant
			t.Errorf("console error: %s", e)
		}
	}
}
