package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"vmportal/app/apptest"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// decisionFixture: a user's Pending request and an admin client.
func decisionFixture(t *testing.T) (env *apptest.Env, user, admin *apptest.Client, path string) {
	env = apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	user, admin = env.Client(), env.Client()
	user.Login("alice", apptest.Password)
	admin.Login("admin", apptest.AdminPassword)
	path = submit(t, user, requestForm("wf-01"))
	return env, user, admin, path
}

func status(t *testing.T, env *apptest.Env) (s string, version int, reason string) {
	t.Helper()
	row := env.DB.Pool.QueryRow(t.Context(), "SELECT status, version, decision_reason FROM vm_requests")
	if err := row.Scan(&s, &version, &reason); err != nil {
		t.Fatal(err)
	}
	return s, version, reason
}

func TestWorkflowValidTransitions(t *testing.T) {
	t.Parallel()
	env, user, admin, path := decisionFixture(t)
	page := admin.Get(path)
	for _, want := range []string{">Approve<", ">Reject<", `<label for="reason" class="form-label">Reason</label>`, `data-confirm="Approve the request for wf-01?"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("admin detail page lacks %s", want)
		}
	}
	if strings.Contains(page.Body, ">Mark Active<") {
		t.Error("Mark Active offered for a Pending request")
	}
	if strings.Contains(user.Get(path).Body, ">Approve<") {
		t.Error("a user sees Approve")
	}

	r := admin.PostForm(path+"/approve", url.Values{"version": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", r.Status, r.Body)
	}
	if s, v, _ := status(t, env); s != models.StatusApproved || v != 2 {
		t.Fatalf("after approve: %s v%d", s, v)
	}
	page = admin.Get(path)
	if !strings.Contains(page.Body, "Request approved.") || !strings.Contains(page.Body, ">Mark Active<") || !strings.Contains(page.Body, "Decision by admin") {
		t.Error("approved page lacks confirmation, Mark Active or the decision")
	}
	if r := admin.PostForm(path+"/activate", url.Values{"version": {"2"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("activate: %d", r.Status)
	}
	if s, _, _ := status(t, env); s != models.StatusActive {
		t.Fatalf("after activate: %s", s)
	}
	history := admin.Get(path).Body
	if !strings.Contains(history, "<del>Pending</del> → <ins>Approved</ins>") || !strings.Contains(history, "<del>Approved</del> → <ins>Active</ins>") {
		t.Error("transitions missing from Update History")
	}
	if len(env.AuditEntries(models.ActionRequestApproved)) != 1 || len(env.AuditEntries(models.ActionRequestActive)) != 1 {
		t.Error("transitions not audited")
	}
}

func TestRejectNeedsAReasonAndShowsIt(t *testing.T) {
	t.Parallel()
	env, user, admin, path := decisionFixture(t)
	r := admin.PostForm(path+"/reject", url.Values{"version": {"1"}, "reason": {"  "}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Give a reason for the rejection.") {
		t.Fatalf("reject without reason: %d", r.Status)
	}
	if s, v, _ := status(t, env); s != models.StatusPending || v != 1 {
		t.Fatal("a reject without reason changed the request")
	}
	r = admin.PostForm(path+"/reject", url.Values{"version": {"1"}, "reason": {"Budget freeze until Q3"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d", r.Status)
	}
	if s, _, reason := status(t, env); s != models.StatusRejected || reason != "Budget freeze until Q3" {
		t.Fatalf("after reject: %s %q", s, reason)
	}
	if !strings.Contains(user.Get(path).Body, "Budget freeze until Q3") {
		t.Error("the requestor does not see the reason")
	}
	rows := env.AuditEntries(models.ActionRequestRejected)
	if len(rows) != 1 || !strings.Contains(strings.Join(views.AuditDetailLines(i18n.For(i18n.English), rows[0]), ";"), "Budget freeze until Q3") {
		t.Errorf("reject audit = %+v", rows)
	}
}

func TestInvalidTransitionsAre409AndChangeNothing(t *testing.T) {
	t.Parallel()
	env, _, admin, path := decisionFixture(t)
	if r := admin.PostForm(path+"/activate", url.Values{"version": {"1"}}); r.Status != http.StatusConflict {
		t.Errorf("activate Pending: %d, want 409", r.Status)
	}
	admin.PostForm(path+"/reject", url.Values{"version": {"1"}, "reason": {"no"}})
	for _, action := range []string{"approve", "activate", "reject"} {
		r := admin.PostForm(path+"/"+action, url.Values{"version": {"2"}, "reason": {"again"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Nothing was changed") {
			t.Errorf("%s a Rejected request: %d, want 409", action, r.Status)
		}
	}
	if s, v, _ := status(t, env); s != models.StatusRejected || v != 2 {
		t.Fatalf("state changed: %s v%d", s, v)
	}
}

func TestStaleDecisionIs409(t *testing.T) {
	t.Parallel()
	env, user, admin, path := decisionFixture(t)
	form := requestForm("wf-01")
	form.Set("version", "1")
	form.Set("cpus", "2")
	user.PostForm(path+"/edit", form) // the requestor edits meanwhile: version 2
	if r := admin.PostForm(path+"/approve", url.Values{"version": {"1"}}); r.Status != http.StatusConflict {
		t.Fatalf("approve of a stale page: %d, want 409", r.Status)
	}
	if s, _, _ := status(t, env); s != models.StatusPending {
		t.Fatal("stale approve went through")
	}
}

func TestRacingApprovalsOneWins(t *testing.T) {
	t.Parallel()
	env, _, admin, path := decisionFixture(t)
	second := env.Admin()
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, c := range []*apptest.Client{admin, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = c.PostForm(path+"/approve", url.Values{"version": {"1"}}).Status
		}()
	}
	wg.Wait()
	if !(codes[0] == 303 && codes[1] == 409 || codes[0] == 409 && codes[1] == 303) {
		t.Fatalf("racing approvals answered %v, want one 303 and one 409", codes)
	}
	if n := len(env.AuditEntries(models.ActionRequestApproved)); n != 1 {
		t.Fatalf("%d approvals audited, want 1", n)
	}
}

func TestUsersCannotDecide(t *testing.T) {
	t.Parallel()
	env, user, _, path := decisionFixture(t)
	for _, action := range []string{"approve", "reject", "activate"} {
		if r := user.PostForm(path+"/"+action, url.Values{"version": {"1"}, "reason": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("user POST %s: %d, want 403", action, r.Status)
		}
	}
	if r := env.Client().PostForm(path+"/approve", nil); r.Status != http.StatusSeeOther {
		t.Errorf("anonymous POST approve: %d, want a redirect to login", r.Status)
	}
	if s, _, _ := status(t, env); s != models.StatusPending {
		t.Fatal("a user's POST changed the status")
	}
}
