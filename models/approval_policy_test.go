package models_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"vmportal/models"
)

// policy adds a policy as the first admin; the test fails on refusal.
func (f *capFixture) policy(t *testing.T, in models.PolicyInput) *models.ApprovalPolicy {
	t.Helper()
	p, err := models.CreatePolicy(f.adminDB, in)
	if err != nil {
		t.Fatalf("create policy %s: %v", in.Name, err)
	}
	return p
}

func intp(n int) *int { return &n }

// TestPolicyConditions: each condition alone, at its boundary, and the
// requester's role.
func TestPolicyConditions(t *testing.T) {
	t.Parallel()
	r := &models.VMRequest{CPUs: 4, RAMGB: 16, DiskGB: 200, PhysicalLocation: "Madrid DC"}
	for _, c := range []struct {
		name string
		p    models.ApprovalPolicy
		role string
		want bool
	}{
		{"no condition matches all", models.ApprovalPolicy{}, "user", true},
		{"CPUs at most 4", models.ApprovalPolicy{MaxCPUs: intp(4)}, "user", true},
		{"CPUs at most 3", models.ApprovalPolicy{MaxCPUs: intp(3)}, "user", false},
		{"RAM at most 16", models.ApprovalPolicy{MaxRAMGB: intp(16)}, "user", true},
		{"RAM at most 15", models.ApprovalPolicy{MaxRAMGB: intp(15)}, "user", false},
		{"Disk at most 200", models.ApprovalPolicy{MaxDiskGB: intp(200)}, "user", true},
		{"Disk at most 199", models.ApprovalPolicy{MaxDiskGB: intp(199)}, "user", false},
		{"location, any case", models.ApprovalPolicy{PhysicalLocation: "madrid dc"}, "user", true},
		{"another location", models.ApprovalPolicy{PhysicalLocation: "Lisbon"}, "user", false},
		{"role user", models.ApprovalPolicy{RequesterRole: models.RoleUser}, "user", true},
		{"role admin, user asks", models.ApprovalPolicy{RequesterRole: models.RoleAdmin}, "user", false},
		{"role admin, system asks", models.ApprovalPolicy{RequesterRole: models.RoleAdmin}, "", false},
		{"all hold", models.ApprovalPolicy{MaxCPUs: intp(8), MaxRAMGB: intp(32), MaxDiskGB: intp(500), PhysicalLocation: "Madrid DC", RequesterRole: "admin"}, "admin", true},
		{"all but one hold", models.ApprovalPolicy{MaxCPUs: intp(8), MaxRAMGB: intp(32), MaxDiskGB: intp(100), PhysicalLocation: "Madrid DC"}, "admin", false},
	} {
		if got := c.p.Matches(r, c.role); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
}

// TestPolicyValidation: the form's rules, and names unique ignoring case.
func TestPolicyValidation(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	good := models.PolicyInput{Name: "Small", MaxCPUs: "2", Action: models.PolicyAutoApprove}
	for field, bad := range map[string]func(in *models.PolicyInput){
		"name":           func(in *models.PolicyInput) { in.Name = "" },
		"max_cpus":       func(in *models.PolicyInput) { in.MaxCPUs = "129" },
		"max_ram_gb":     func(in *models.PolicyInput) { in.MaxRAMGB = "0" },
		"max_disk_gb":    func(in *models.PolicyInput) { in.MaxDiskGB = "x" },
		"requester_role": func(in *models.PolicyInput) { in.RequesterRole = "root" },
		"action":         func(in *models.PolicyInput) { in.Action = "reject" },
	} {
		in := good
		bad(&in)
		_, err := models.CreatePolicy(f.adminDB, in)
		var verr *models.ValidationError
		if !errors.As(err, &verr) || verr.Fields[field].IsZero() || len(verr.Fields) != 1 {
			t.Errorf("%s: %v", field, err)
		}
	}
	f.policy(t, good)
	good.Name = "SMALL"
	var verr *models.ValidationError
	if _, err := models.CreatePolicy(f.adminDB, good); !errors.As(err, &verr) || verr.Fields["name"].IsZero() {
		t.Fatalf("duplicate name: %v", err)
	}
}

// TestFirstMatchWins: both policies match; the first in order decides,
// and moving it down hands the decision to the other.
func TestFirstMatchWins(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	two := f.policy(t, models.PolicyInput{Name: "Careful", Action: models.PolicyTwoApprovals})
	f.policy(t, models.PolicyInput{Name: "Small", MaxCPUs: "8", Action: models.PolicyAutoApprove})
	r := f.request(t, f.user, "first", "esx-01", 4, 16, 200)
	if r.Status != models.StatusPending || r.ApprovalPolicy != "Careful" || r.ApprovalsRequired != 2 {
		t.Fatalf("first policy did not decide: %s %q %d", r.Status, r.ApprovalPolicy, r.ApprovalsRequired)
	}
	if moved, err := models.MovePolicy(f.adminDB, two.ID, +1); err != nil || moved.Position != 2 {
		t.Fatalf("move down: %v %+v", err, moved)
	}
	if _, err := models.MovePolicy(f.adminDB, two.ID, +1); err != nil { // at the end: nothing
		t.Fatal(err)
	}
	r = f.request(t, f.user, "second", "esx-01", 4, 16, 200)
	if r.Status != models.StatusApproved || r.ApprovalPolicy != "Small" {
		t.Fatalf("after the move: %s %q", r.Status, r.ApprovalPolicy)
	}
	ps, _ := models.ListPolicies(f.base)
	if len(ps) != 2 || ps[0].Name != "Small" || ps[0].Position != 1 || ps[1].Position != 2 {
		t.Fatalf("order: %+v", ps)
	}
	if len(auditEntries(t, f.base, models.ActionPolicyMoved)) != 1 {
		t.Error("a move is audited once; a move past the end is not a move")
	}
	r = f.request(t, f.user, "big", "esx-01", 16, 16, 200) // Small does not match, Careful does
	if r.ApprovalPolicy != "Careful" {
		t.Fatalf("the second policy is tried when the first does not match: %q", r.ApprovalPolicy)
	}
}

// TestAutoApproveActsAsTheSystemAndSaysWhy.
func TestAutoApproveActsAsTheSystemAndSaysWhy(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	f.policy(t, models.PolicyInput{Name: "Small test VMs", MaxCPUs: "2", RequesterRole: models.RoleUser, Action: models.PolicyAutoApprove})
	r := f.request(t, f.user, "tiny", "esx-01", 2, 4, 20)
	got := f.status(t, r.ID)
	if got.Status != models.StatusApproved || got.DecidedByID != nil || got.DecisionNote != "approved by policy Small test VMs" || got.Approvals != 1 {
		t.Fatalf("auto-approved request: %+v", got)
	}
	var hs []models.VMHistory
	f.base.Where("vm_request_id = ? AND kind = 'updated'", r.ID).Find(&hs)
	if len(hs) != 1 || hs[0].ChangedByID != nil || !hasChange(hs[0].Changes, "Approval Note", "approved by policy Small test VMs") {
		t.Fatalf("history: %+v", hs)
	}
	rows := auditEntries(t, f.base, models.ActionRequestApproved)
	if len(rows) != 1 || rows[0].ActorUsername != "system" || rows[0].ActorID != nil ||
		!strings.Contains(jsonOf(t, rows[0].Details), "approved by policy Small test VMs") {
		t.Fatalf("audit: %+v", rows)
	}
	// The role condition: an admin's request of the same size is not the
	// policy's; nor is a larger one of the user's.
	if r := f.request(t, f.adminDB, "admins", "esx-01", 2, 4, 20); r.Status != models.StatusPending || r.ApprovalPolicy != "" {
		t.Errorf("admin's request: %s %q", r.Status, r.ApprovalPolicy)
	}
	if r := f.request(t, f.user, "larger", "esx-01", 3, 4, 20); r.Status != models.StatusPending {
		t.Errorf("larger request: %s", r.Status)
	}
}

// TestAutoApprovalRespectsCapacity: a full host leaves the request Pending
// with a note, for an admin to decide.
func TestAutoApprovalRespectsCapacity(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	f.host(t, "esx-01", 4, 64, 1000, "1", "1")
	f.policy(t, models.PolicyInput{Name: "Small", MaxCPUs: "4", Action: models.PolicyAutoApprove})
	if r := f.request(t, f.user, "fits", "esx-01", 3, 4, 20); r.Status != models.StatusApproved {
		t.Fatalf("fitting request: %s %q", r.Status, r.PolicyNote)
	}
	r := f.request(t, f.user, "too-many", "esx-01", 2, 4, 20) // 3 + 2 > 4
	got := f.status(t, r.ID)
	if got.Status != models.StatusPending || got.Version != 1 || got.ApprovalPolicy != "Small" ||
		!strings.Contains(got.PolicyNote, "Not approved automatically by policy Small") || !strings.Contains(got.PolicyNote, "CPU 5 of 4 cores") {
		t.Fatalf("over capacity: %s v%d %q", got.Status, got.Version, got.PolicyNote)
	}
	if n := len(auditEntries(t, f.base, models.ActionRequestApproved)); n != 1 {
		t.Errorf("%d approvals audited, want the fitting one only", n)
	}
}

// TestTwoApprovalsByTwoAdmins: the first leaves it Pending at 1 of 2, the
// same admin cannot give the second, another admin completes it.
func TestTwoApprovalsByTwoAdmins(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	f.policy(t, models.PolicyInput{Name: "Big", Action: models.PolicyTwoApprovals})
	r := f.request(t, f.user, "db-01", "esx-01", 64, 512, 2000)
	if err := f.approve(t, f.adminDB, f.admin, r.ID); err != nil {
		t.Fatal(err)
	}
	got := f.status(t, r.ID)
	if got.Status != models.StatusPending || got.Approvals != 1 || got.ApprovalProgress().String() != "1 of 2 approvals" {
		t.Fatalf("after one approval: %s %d %q", got.Status, got.Approvals, got.ApprovalProgress())
	}
	if models.CanDecide(f.admin, got, models.DecisionApprove) || !models.CanDecide(f.admin2, got, models.DecisionApprove) {
		t.Error("Approve offered to the wrong admin")
	}
	if err := f.approve(t, f.adminDB, f.admin, r.ID); !errors.Is(err, models.ErrSameApprover) {
		t.Fatalf("same admin twice: %v", err)
	}
	if len(auditEntries(t, f.base, models.ActionRequestApprovalRecorded)) != 1 {
		t.Error("first approval not audited as approval recorded")
	}
	if err := f.approve(t, f.admin2DB, f.admin2, r.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.status(t, r.ID); got.Status != models.StatusApproved || got.Approvals != 2 || *got.DecidedByID != f.admin2.ID || !got.ApprovalProgress().IsZero() {
		t.Fatalf("after two approvals: %+v", got)
	}
}

// TestEditsAndTheRoute: editing a Pending request routes it again (and
// withdraws a first approval, given to what it was); editing an
// auto-approved request keeps it Approved, as the workflow has no way back
// to Pending.
func TestEditsAndTheRoute(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	f.policy(t, models.PolicyInput{Name: "Small", MaxCPUs: "2", Action: models.PolicyAutoApprove})
	f.policy(t, models.PolicyInput{Name: "Big", Action: models.PolicyTwoApprovals})
	r := f.request(t, f.user, "grows", "esx-01", 8, 16, 200)
	if err := f.approve(t, f.adminDB, f.admin, r.ID); err != nil {
		t.Fatal(err)
	}
	edit := func(db *gorm.DB, id int64, cpus int) *models.VMRequest {
		t.Helper()
		got := f.status(t, id)
		got.CPUs = cpus
		if err := models.UpdateRequest(db, got); err != nil {
			t.Fatal(err)
		}
		return f.status(t, id)
	}
	got := edit(f.user, r.ID, 6)
	if got.Status != models.StatusPending || got.Approvals != 0 || got.ApprovalPolicy != "Big" || got.DecidedByID != nil {
		t.Fatalf("edited Pending request keeps its first approval: %+v", got)
	}
	got = edit(f.user, r.ID, 1)
	if got.Status != models.StatusApproved || got.ApprovalPolicy != "Small" {
		t.Fatalf("shrunk Pending request not auto-approved: %s %q", got.Status, got.ApprovalPolicy)
	}
	got = edit(f.adminDB, r.ID, 64)
	if got.Status != models.StatusApproved || got.ApprovalPolicy != "Small" || got.CPUs != 64 {
		t.Fatalf("edited Approved request: %s %q", got.Status, got.ApprovalPolicy)
	}
}

func hasChange(changes []models.Change, label, to string) bool {
	for _, c := range changes {
		if c.Label == label && c.New == to {
			return true
		}
	}
	return false
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
