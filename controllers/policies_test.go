package controllers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// createPolicy posts a policy as c and fails the test unless accepted.
func createPolicy(t *testing.T, c *apptest.Client, form url.Values) {
	t.Helper()
	postToList(t, c, "/policies/new", form, "/policies")
}

func TestPoliciesCreateEditMoveDelete(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	form := html.UnescapeString(admin.Get("/policies/new").Body) // "Requester&#39;s role"
	for _, label := range []string{"Name", "At most CPUs", "At most RAM (GB)", "At most Disk (GB)", "Physical Location", "Requester's role", "Action"} {
		if !strings.Contains(form, `class="form-label">`+label+`</label>`) {
			t.Errorf("the policy form lacks the label %q", label)
		}
	}
	if !strings.Contains(form, ">Auto-approve</option>") || !strings.Contains(form, ">Require two approvals</option>") {
		t.Error("the actions are not offered by name")
	}
	createPolicy(t, admin, url.Values{"name": {"Small"}, "max_cpus": {"2"}, "action": {models.PolicyAutoApprove}})
	createPolicy(t, admin, url.Values{"name": {"Madrid"}, "physical_location": {"Madrid"}, "requester_role": {"user"}, "action": {models.PolicyTwoApprovals}})

	bad := url.Values{"name": {"Too big"}, "max_cpus": {"500"}, "physical_location": {"Lisbon"}, "action": {"nothing"}}
	r := admin.PostForm("/policies/new", bad)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="Too big"`) || !strings.Contains(r.Body, `value="500"`) ||
		!strings.Contains(r.Body, `value="Lisbon"`) || !strings.Contains(r.Body, "At most CPUs must be empty (any) or a whole number from 1 to 128.") ||
		!strings.Contains(r.Body, "Choose an action") {
		t.Fatalf("bad policy: %d\n%s", r.Status, r.Body)
	}
	if r := admin.PostForm("/policies/new", url.Values{"name": {"small"}, "action": {models.PolicyAutoApprove}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("duplicate name: %d", r.Status)
	}

	list := html.UnescapeString(admin.Get("/policies").Body)
	if !strings.Contains(list, "Approval Policies") || strings.Index(list, ">Small<") > strings.Index(list, ">Madrid<") ||
		!strings.Contains(list, "At most 2 CPUs") || !strings.Contains(list, "Requester's role: user") {
		t.Fatalf("the list does not show the policies in order with their conditions:\n%s", list)
	}
	madrid := idByName(t, env, "approval_policies", "Madrid")
	if r := admin.PostForm("/policies/"+madrid+"/up", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("move up: %d", r.Status)
	}
	if list := admin.Get("/policies").Body; strings.Index(list, ">Madrid<") > strings.Index(list, ">Small<") || !strings.Contains(list, "Policy Madrid is now number 1.") {
		t.Error("Madrid did not move up")
	}
	edit := url.Values{"name": {"Madrid"}, "physical_location": {"Madrid"}, "action": {models.PolicyAutoApprove}}
	if r := admin.PostForm("/policies/"+madrid+"/edit", edit); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.Status, r.Body)
	}
	if r := admin.PostForm("/policies/"+madrid+"/delete", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.Status)
	}
	if r := admin.PostForm("/policies/"+madrid+"/delete", nil); r.Status != http.StatusNotFound {
		t.Errorf("delete twice: %d", r.Status)
	}
	if r := admin.Get("/policies/999999/edit"); r.Status != http.StatusNotFound {
		t.Errorf("unknown policy: %d", r.Status)
	}
	for _, a := range []string{models.ActionPolicyCreated, models.ActionPolicyMoved, models.ActionPolicyUpdated, models.ActionPolicyDeleted} {
		if len(env.AuditEntries(a)) == 0 {
			t.Errorf("%s not audited", a)
		}
	}
}

// TestAutoApprovedOnSubmit: the submitter is told, and the history names
// the policy.
func TestAutoApprovedOnSubmit(t *testing.T) {
	t.Parallel()
	_, admin, user := adminAnd(t, "alice", models.RoleUser)
	createPolicy(t, admin, url.Values{"name": {"Small VMs"}, "max_cpus": {"4"}, "action": {models.PolicyAutoApprove}})
	path := submit(t, user, requestForm("auto-01"))
	page := user.Get(path).Body
	for _, want := range []string{"Request for auto-01 submitted. It was approved by policy Small VMs.", `data-testid="status">Approved<`,
		"<ins>approved by policy Small VMs</ins>", "Decision by system"} {
		if !strings.Contains(page, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
}

// TestTwoApprovalsOverHTTP: the first admin's approval shows "1 of 2
// approvals" on the page and the list; the same admin again is refused;
// a second admin completes it.
func TestTwoApprovalsOverHTTP(t *testing.T) {
	t.Parallel()
	env, admin, admin2 := adminAnd(t, "adam", models.RoleAdmin)
	createPolicy(t, admin, url.Values{"name": {"Everything"}, "action": {models.PolicyTwoApprovals}})
	path := submit(t, admin, requestForm("two-01"))
	if !strings.Contains(admin.Get(path).Body, "0 of 2 approvals") {
		t.Error("the route is not shown")
	}
	admin.DecideRequest(path, models.DecisionApprove, 1, "")
	page := admin.Get(path).Body
	if !strings.Contains(page, "Approval recorded: 1 of 2 approvals.") || !strings.Contains(page, `data-testid="approvals">1 of 2 approvals<`) ||
		strings.Contains(page, `action="`+path+`/approve"`) {
		t.Fatalf("after the first approval:\n%s", page)
	}
	if !strings.Contains(admin.Get("/vms").Body, `data-testid="approvals">1 of 2 approvals<`) {
		t.Error("the list does not show 1 of 2 approvals")
	}
	if r := admin.PostForm(path+"/approve", url.Values{"version": {"2"}}); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "a second, different admin must complete it") {
		t.Fatalf("same admin twice: %d", r.Status)
	}
	if s, v, _ := status(t, env); s != models.StatusPending || v != 2 {
		t.Fatalf("refused approval changed the request: %s v%d", s, v)
	}
	admin2.DecideRequest(path, models.DecisionApprove, 2, "")
	if s, _, _ := status(t, env); s != models.StatusApproved {
		t.Fatalf("after the second admin: %s", s)
	}
}

// TestCapacitySectionAndApproveOverCapacity: the detail page weighs the
// request against its host; approving past it is refused with the reason
// until the admin ticks "Approve over capacity" and says why.
func TestCapacitySectionAndApproveOverCapacity(t *testing.T) {
	t.Parallel()
	env, admin, user := adminAnd(t, "alice", models.RoleUser)
	small := hostForm("esx-01")
	small.Set("cpu_cores", "2")
	small.Set("cpu_overcommit", "1.5") // 3 virtual CPUs
	registerHost(t, admin, small)
	path := submit(t, user, requestForm("big-01")) // 4 CPUs on esx-01
	page := admin.Get(path).Body
	for _, want := range []string{`<h2 id="capacity-heading" class="h4">Capacity</h2>`, ">After approval<", "0 / 3 cores", "4 / 3 cores (over capacity)",
		"(2 cores × 1.50)", "16 / 96 GB", `<label class="form-check-label" for="over-capacity">Approve over capacity</label>`} {
		if !strings.Contains(page, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	if strings.Contains(user.Get(path).Body, "capacity-heading") {
		t.Error("a user sees the host's capacity")
	}

	r := admin.PostForm(path+"/approve", url.Values{"version": {"1"}, "note": {"please"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Approving this request would put host esx-01 over capacity: CPU 4 of 3 cores (2 × 1.50 overcommit).") ||
		!strings.Contains(r.Body, ">please</textarea>") {
		t.Fatalf("over capacity: %d\n%s", r.Status, r.Body)
	}
	r = admin.PostForm(path+"/approve", url.Values{"version": {"1"}, "over_capacity": {"yes"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Give a reason for approving over capacity.") || !strings.Contains(r.Body, `value="yes" checked`) {
		t.Fatalf("over capacity without a reason: %d\n%s", r.Status, r.Body)
	}
	if s, v, _ := status(t, env); s != models.StatusPending || v != 1 {
		t.Fatalf("refusals changed the request: %s v%d", s, v)
	}
	r = admin.PostForm(path+"/approve", url.Values{"version": {"1"}, "over_capacity": {"yes"}, "over_capacity_reason": {"old host retires Friday"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("over capacity with a reason: %d\n%s", r.Status, r.Body)
	}
	if rows := env.AuditEntries(models.ActionRequestOverCapacity); len(rows) != 1 || rows[0].Details["reason"] != "old host retires Friday" {
		t.Fatalf("not audited: %+v", rows)
	}
	if page := admin.Get(path).Body; !strings.Contains(page, "4 / 3 cores (over capacity)") || strings.Contains(page, ">After approval<") {
		t.Error("an Approved request shows its host as it is now")
	}
	other := requestForm("elsewhere-01")
	other.Set("virtual_host", "unknown-host")
	if page := admin.Get(submit(t, user, other)).Body; !strings.Contains(page, "Host unknown-host is not registered: no capacity check.") {
		t.Error("unregistered host not explained")
	}
}
