package models_test

import (
	"errors"
	"fmt"
	"testing"

	"vmportal/models"
)

// The workflow table against SPEC §2 and §8, written out in full: for every
// decision, status and person, whether they may take it (nil), the status
// forbids it (ErrInvalidTransition) or only an admin may (ErrNotPermitted).
func TestWorkflowTable(t *testing.T) {
	t.Parallel()
	admin := &models.User{ID: 1, Role: models.RoleAdmin}
	owner := &models.User{ID: 2, Role: models.RoleUser}
	other := &models.User{ID: 3, Role: models.RoleUser}
	// allowed[decision][status] = who may take it: "admin" or "owner"
	// (the owner and admins); absent = nobody.
	allowed := map[string]map[string]string{
		models.DecisionApprove:      {models.StatusPending: "admin"},
		models.DecisionReject:       {models.StatusPending: "admin"},
		models.DecisionCancel:       {models.StatusPending: "owner", models.StatusApproved: "admin"},
		models.DecisionActivate:     {models.StatusApproved: "admin"},
		models.DecisionDecommission: {models.StatusActive: "admin"},
	}
	for _, d := range models.Decisions {
		for _, s := range models.Statuses {
			r := &models.VMRequest{Status: s, CreatedByID: owner.ID}
			for name, u := range map[string]*models.User{"admin": admin, "owner": owner, "other": other, "nobody": nil} {
				var want error
				switch who := allowed[d][s]; {
				case who == "":
					want = models.ErrInvalidTransition
				case name == "admin", name == "owner" && who == "owner":
					want = nil
				default:
					want = models.ErrNotPermitted
				}
				if got := models.CheckDecision(u, r, d); !errors.Is(got, want) || (want == nil) != (got == nil) {
					t.Errorf("%s %s request by %s: %v, want %v", d, s, name, got, want)
				}
				if got := models.CanDecide(u, r, d); got != (want == nil) {
					t.Errorf("CanDecide(%s, %s, %s) = %v", name, s, d, got)
				}
			}
		}
	}
	if len(models.Decisions) != len(allowed) {
		t.Errorf("%d decisions, the SPEC has %d", len(models.Decisions), len(allowed))
	}
}

func TestDecisionInputs(t *testing.T) {
	t.Parallel()
	for d, want := range map[string]string{
		models.DecisionApprove: "note false", models.DecisionReject: "reason true", models.DecisionCancel: "reason true",
		models.DecisionActivate: " false", models.DecisionDecommission: "reason true",
	} {
		input, required := models.DecisionInput(d)
		if got := fmt.Sprintf("%s %v", input, required); got != want {
			t.Errorf("DecisionInput(%s) = %s, want %s", d, got, want)
		}
	}
}

// Decide walks a request to Decommissioned, each step stored with its
// text; the database refuses an ending without its reason even when the
// models are bypassed in spirit (a status set by hand and saved).
func TestDecideEndsARequestAndTheSchemaWantsItsReason(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := createUser(t, f.base, "root", models.RoleAdmin)
	r := f.create(t, validInput("life-01"))
	steps := []struct{ decision, text, status string }{
		{models.DecisionApprove, "ok", models.StatusApproved},
		{models.DecisionActivate, "", models.StatusActive},
		{models.DecisionDecommission, "retired", models.StatusDecommissioned},
	}
	for _, s := range steps {
		if err := models.Decide(f.db, admin, r, s.decision, s.text); err != nil {
			t.Fatalf("%s: %v", s.decision, err)
		}
	}
	got, err := models.FindRequest(f.db, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != models.StatusDecommissioned || got.DecisionNote != "ok" || got.DecisionReason != "retired" || got.Version != 4 {
		t.Fatalf("after the walk: %s v%d note %q reason %q", got.Status, got.Version, got.DecisionNote, got.DecisionReason)
	}

	bare := f.create(t, validInput("life-02"))
	bare.Status = models.StatusCancelled
	if err := models.UpdateRequest(f.db, bare); err == nil {
		t.Fatal("a Cancelled request without a reason was stored")
	}
	var verr *models.ValidationError
	if err := models.Decide(f.db, f.user, f.create(t, validInput("life-03")), models.DecisionCancel, " "); !errors.As(err, &verr) || verr.Fields["reason"].IsZero() {
		t.Fatalf("cancel without reason: %v", err)
	}
}
