package controllers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"vmportal/app/apptest"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// lifecycleFixture: alice's request at path, taken by the admin to status
// through the ordinary routes; returns the request's version.
func lifecycleFixture(t *testing.T, status string) (env *apptest.Env, alice, admin *apptest.Client, path string, version int) {
	t.Helper()
	env, alice, admin, path = decisionFixture(t)
	steps := map[string][]string{
		models.StatusPending:  nil,
		models.StatusApproved: {"approve"},
		models.StatusActive:   {"approve", "activate"},
	}[status]
	version = 1
	for _, d := range steps {
		admin.DecideRequest(path, d, version, "")
		version++
	}
	return env, alice, admin, path, version
}

func decide(c *apptest.Client, path, decision string, version int, reason string) *apptest.Response {
	return c.PostForm(path+"/"+decision, url.Values{"version": {strconv.Itoa(version)}, "reason": {reason}})
}

// Every permission row of cancel and decommission (SPEC §2, §8).
func TestCancelAndDecommissionPermissions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, status, who, decision string
		want                        int
		after                       string
	}{
		{"owner cancels own Pending", models.StatusPending, "owner", "cancel", 303, models.StatusCancelled},
		{"owner cancels own Approved", models.StatusApproved, "owner", "cancel", 403, models.StatusApproved},
		{"owner cancels own Active", models.StatusActive, "owner", "cancel", 409, models.StatusActive},
		{"other user cancels", models.StatusPending, "other", "cancel", 404, models.StatusPending},
		{"admin cancels Pending", models.StatusPending, "admin", "cancel", 303, models.StatusCancelled},
		{"admin cancels Approved", models.StatusApproved, "admin", "cancel", 303, models.StatusCancelled},
		{"admin cancels Active", models.StatusActive, "admin", "cancel", 409, models.StatusActive},
		{"admin decommissions Active", models.StatusActive, "admin", "decommission", 303, models.StatusDecommissioned},
		{"admin decommissions Pending", models.StatusPending, "admin", "decommission", 409, models.StatusPending},
		{"admin decommissions Approved", models.StatusApproved, "admin", "decommission", 409, models.StatusApproved},
		{"owner decommissions own Active", models.StatusActive, "owner", "decommission", 403, models.StatusActive},
		{"anonymous cancels", models.StatusPending, "anonymous", "cancel", 303, models.StatusPending},
		{"anonymous decommissions", models.StatusActive, "anonymous", "decommission", 303, models.StatusActive},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, alice, admin, path, version := lifecycleFixture(t, tc.status)
			c := map[string]*apptest.Client{"owner": alice, "admin": admin, "anonymous": env.Client()}[tc.who]
			if tc.who == "other" {
				env.CreateUser("bob", models.RoleUser)
				c = env.Client()
				c.Login("bob", apptest.Password)
			}
			r := decide(c, path, tc.decision, version, "No longer needed")
			if r.Status != tc.want {
				t.Fatalf("POST %s: %d, want %d\n%s", tc.decision, r.Status, tc.want, r.Body)
			}
			if tc.who == "anonymous" && !strings.HasPrefix(r.Location, "/login") {
				t.Errorf("anonymous sent to %q, want /login", r.Location)
			}
			if s, _, _ := status(t, env); s != tc.after {
				t.Errorf("status after: %s, want %s", s, tc.after)
			}
		})
	}
}

// The detail page offers each decision to those who may take it, with its
// text box and confirmation.
func TestDetailPageOffersCancelAndDecommission(t *testing.T) {
	t.Parallel()
	_, alice, admin, path, _ := lifecycleFixture(t, models.StatusPending)
	own := alice.Get(path).Body
	for _, want := range []string{">Cancel Request<", `<label for="cancel-reason" class="form-label">Reason</label>`,
		`data-confirm="Cancel the request for wf-01? A cancelled request cannot be reopened."`} {
		if !strings.Contains(own, want) {
			t.Errorf("owner's Pending page lacks %s", want)
		}
	}
	if strings.Contains(own, ">Approve<") || strings.Contains(own, ">Decommission<") {
		t.Error("owner offered an admin's decision")
	}
	page := admin.Get(path).Body
	for _, want := range []string{">Approve<", `<label for="note" class="form-label">Note</label>`, ">Reject<", ">Cancel Request<"} {
		if !strings.Contains(page, want) {
			t.Errorf("admin's Pending page lacks %s", want)
		}
	}
	admin.DecideRequest(path, "approve", 1, "")
	if strings.Contains(alice.Get(path).Body, ">Cancel Request<") {
		t.Error("owner offered Cancel Request on an Approved request")
	}
	if !strings.Contains(admin.Get(path).Body, ">Cancel Request<") {
		t.Error("admin not offered Cancel Request on an Approved request")
	}
	admin.DecideRequest(path, "activate", 2, "")
	page = admin.Get(path).Body
	if !strings.Contains(page, ">Decommission<") || !strings.Contains(page, `data-confirm="Decommission wf-01 (the machine is taken out of service)?"`) ||
		strings.Contains(page, ">Cancel Request<") {
		t.Error("Active page: want Decommission, not Cancel Request")
	}
}

// Reject, Cancel and Decommission need a reason: 422, the page back with
// the typed text kept in the right form, nothing saved.
func TestEndingsNeedAReason(t *testing.T) {
	t.Parallel()
	cases := []struct{ decision, status, id, message string }{
		{"cancel", models.StatusPending, "cancel-reason", "Give a reason for the cancellation."},
		{"cancel", models.StatusApproved, "cancel-reason", "Give a reason for the cancellation."},
		{"decommission", models.StatusActive, "decommission-reason", "Give a reason for decommissioning."},
	}
	for _, tc := range cases {
		t.Run(tc.decision+" "+tc.status, func(t *testing.T) {
			t.Parallel()
			env, _, admin, path, version := lifecycleFixture(t, tc.status)
			r := decide(admin, path, tc.decision, version, " \n ")
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.message) ||
				!strings.Contains(r.Body, `id="`+tc.id+`-error"`) || !strings.Contains(r.Body, `aria-describedby="`+tc.id+`-error"`) {
				t.Fatalf("without reason: %d\n%s", r.Status, r.Body)
			}
			if s, v, _ := status(t, env); s != tc.status || v != version {
				t.Fatalf("saved: %s v%d", s, v)
			}
			long := strings.Repeat("x", models.MaxReasonLen+1)
			r = decide(admin, path, tc.decision, version, long)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, ">"+long+"</textarea>") {
				t.Fatalf("overlong reason: %d, or the typed text is not kept", r.Status)
			}
		})
	}
}

func TestApproveWithAndWithoutNote(t *testing.T) {
	t.Parallel()
	env, alice, admin, path, _ := lifecycleFixture(t, models.StatusPending)
	second := submit(t, alice, requestForm("wf-02"))
	if r := admin.PostForm(path+"/approve", url.Values{"version": {"1"}, "note": {"  Capacity checked on esx-01  "}}); r.Status != http.StatusSeeOther {
		t.Fatalf("approve with note: %d", r.Status)
	}
	admin.DecideRequest(second, "approve", 1, "")
	var note, reason string
	if err := env.DB.Pool.QueryRow(t.Context(), "SELECT decision_note, decision_reason FROM vm_requests WHERE vm_name = 'wf-01'").Scan(&note, &reason); err != nil {
		t.Fatal(err)
	}
	if note != "Capacity checked on esx-01" || reason != "" {
		t.Fatalf("note %q, reason %q", note, reason)
	}
	page := alice.Get(path).Body
	if !strings.Contains(page, `Note: <span data-testid="decision-note">Capacity checked on esx-01</span>`) ||
		!strings.Contains(page, "<del>(empty)</del> → <ins>Capacity checked on esx-01</ins>") {
		t.Error("the note is not shown as the decision and in the history")
	}
	if strings.Contains(alice.Get(second).Body, "decision-note") {
		t.Error("an approval without a note shows one")
	}
	if r := admin.PostForm(second+"/approve", url.Values{"version": {"2"}, "note": {"again"}}); r.Status != http.StatusConflict {
		t.Errorf("second approval: %d, want 409", r.Status)
	}
	rows := env.AuditEntries(models.ActionRequestApproved)
	if len(rows) != 2 || !strings.Contains(strings.Join(views.AuditDetailLines(i18n.For(i18n.English), rows[0]), ";"), "Approval Note: (empty) → Capacity checked on esx-01") {
		t.Errorf("approval audit = %+v", rows)
	}
}

// Each ending is in the history and the audit trail, with its reason.
func TestCancelAndDecommissionAreRecorded(t *testing.T) {
	t.Parallel()
	env, alice, admin, path, version := lifecycleFixture(t, models.StatusActive)
	if r := decide(admin, path, "decommission", version, "Replaced by wf-09"); r.Status != http.StatusSeeOther {
		t.Fatalf("decommission: %d", r.Status)
	}
	cancelled := submit(t, alice, requestForm("wf-02"))
	if r := decide(alice, cancelled, "cancel", 1, "Project dropped"); r.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.Status)
	}
	page := admin.Get(path).Body
	for _, want := range []string{"Request decommissioned.", "<del>Active</del> → <ins>Decommissioned</ins>", "Replaced by wf-09", `text-bg-dark align-middle fs-6" data-testid="status">Decommissioned<`} {
		if !strings.Contains(page, want) {
			t.Errorf("decommissioned page lacks %s", want)
		}
	}
	page = alice.Get(cancelled).Body
	for _, want := range []string{"Request cancelled.", "<del>Pending</del> → <ins>Cancelled</ins>", "Decision by alice", "Project dropped"} {
		if !strings.Contains(page, want) {
			t.Errorf("cancelled page lacks %s", want)
		}
	}
	for action, reason := range map[string]string{models.ActionRequestDecommissioned: "Replaced by wf-09", models.ActionRequestCancelled: "Project dropped"} {
		rows := env.AuditEntries(action)
		if len(rows) != 1 || !strings.Contains(strings.Join(views.AuditDetailLines(i18n.For(i18n.English), rows[0]), ";"), "Reason: (empty) → "+reason) {
			t.Errorf("%s audit = %+v", action, rows)
		}
	}
	trail := admin.Get("/audit?action=request.cancelled").Body
	if !strings.Contains(trail, "Request cancelled") || !strings.Contains(trail, "wf-02") {
		t.Error("the audit trail's filter does not find the cancellation")
	}
}

// A VM name is free again once its request is Cancelled or Decommissioned,
// and not before.
func TestNameReusableAfterCancelOrDecommission(t *testing.T) {
	t.Parallel()
	env, alice, admin, path, version := lifecycleFixture(t, models.StatusActive)
	if r := alice.PostForm("/vms/new", requestForm("WF-01")); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "is already Pending, Approved or Active") {
		t.Fatalf("name of an Active request: %d", r.Status)
	}
	decide(admin, path, "decommission", version, "Retired")
	again := submit(t, alice, requestForm("WF-01"))
	decide(alice, again, "cancel", 1, "Wrong size")
	submit(t, alice, requestForm("wf-01"))
	var n int
	if err := env.DB.Pool.QueryRow(t.Context(), "SELECT count(*) FROM vm_requests WHERE lower(vm_name) = 'wf-01'").Scan(&n); err != nil || n != 3 {
		t.Fatalf("%d requests named wf-01 (%v), want 3", n, err)
	}
}

// A cancel and an approval of the same Pending request at once: one wins,
// the other answers 409, and only the winner is recorded.
func TestCancelRacingApprovalOneWins(t *testing.T) {
	t.Parallel()
	env, alice, admin, path, _ := lifecycleFixture(t, models.StatusPending)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, post := range []func() *apptest.Response{
		func() *apptest.Response { return decide(alice, path, "cancel", 1, "Not needed") },
		func() *apptest.Response { return admin.PostForm(path+"/approve", url.Values{"version": {"1"}}) },
	} {
		wg.Add(1)
		go func() { defer wg.Done(); codes[i] = post().Status }()
	}
	wg.Wait()
	if !(codes[0] == 303 && codes[1] == 409 || codes[0] == 409 && codes[1] == 303) {
		t.Fatalf("cancel vs approve answered %v, want one 303 and one 409", codes)
	}
	s, v, _ := status(t, env)
	cancelled, approved := len(env.AuditEntries(models.ActionRequestCancelled)), len(env.AuditEntries(models.ActionRequestApproved))
	if v != 2 || cancelled+approved != 1 || (s == models.StatusCancelled) != (cancelled == 1) {
		t.Fatalf("after the race: %s v%d, %d cancelled and %d approved in the audit", s, v, cancelled, approved)
	}
}
