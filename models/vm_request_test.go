package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"gorm.io/gorm"

	"vmportal/models"
)

// input is the request form as typed: text by field key, VLAN rows.
type input struct {
	text  map[string]string
	vlans []models.VLANRow
}

func (in input) apply(r *models.VMRequest) models.FieldErrors {
	return models.ReadText(r, in.text, in.vlans)
}

// validInput is a request form that passes every rule.
func validInput(name string) input {
	return input{
		text: map[string]string{
			"vm_name": name, "requestor_name": "Ada Lovelace", "requestor_email": "ada@example.com",
			"primary_admin_name": "Grace Hopper", "primary_admin_email": "grace@example.com",
			"request_date": "2026-11-20", "cpus": "4", "ram_gb": "16", "disk_gb": "200",
			"physical_location": "DC1", "virtual_host": "esx-01", "operating_system": "Debian 12",
			"backup_required": "Yes", "backup_frequency": "Daily",
		},
		vlans: []models.VLANRow{{ID: "10", Name: "web"}, {ID: "20"}},
	}
}

// fixture is a database with one user acting through ctx.
type fixture struct {
	base *gorm.DB // without an actor
	user *models.User
	db   *gorm.DB
}

func newFixture(t *testing.T) *fixture {
	base := openDB(t)
	u := createUser(t, base, "alice", models.RoleUser)
	ctx := models.WithActor(context.Background(), models.Actor{UserID: u.ID, Username: u.Username, IP: "192.0.2.1"})
	return &fixture{base: base, user: u, db: base.WithContext(ctx)}
}

func (f *fixture) create(t *testing.T, in input) *models.VMRequest {
	t.Helper()
	r := &models.VMRequest{}
	if fe := in.apply(r); len(fe) > 0 {
		t.Fatalf("input invalid: %v", fe)
	}
	if err := models.CreateRequest(f.db, r); err != nil {
		t.Fatalf("create: %v", err)
	}
	return r
}

func (f *fixture) history(t *testing.T, id int64) []models.VMHistory {
	t.Helper()
	var hs []models.VMHistory
	if err := f.base.Where("vm_request_id = ?", id).Order("id").Find(&hs).Error; err != nil {
		t.Fatal(err)
	}
	return hs
}

func TestCreateRecordsOriginalSubmissionAndAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("web-01"))
	if r.Status != models.StatusPending || r.Version != 1 || r.CreatedByID != f.user.ID {
		t.Fatalf("created request = %+v", r)
	}
	got, err := models.FindRequest(f.db, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if models.VLANSummary(got.VLANs) != "10 (web), 20" {
		t.Fatalf("VLANs stored as %q", models.VLANSummary(got.VLANs))
	}
	hs := f.history(t, r.ID)
	if len(hs) != 1 || hs[0].Kind != models.HistoryCreated || hs[0].Snapshot.Request().CPUs != 4 || *hs[0].ChangedByID != f.user.ID {
		t.Fatalf("history = %+v", hs)
	}
	audits := auditEntries(t, f.base, models.ActionRequestCreated)
	if len(audits) != 1 || audits[0].ObjectID == "" || audits[0].ActorUsername != "alice" {
		t.Fatalf("audit = %+v", audits)
	}
}

func TestUpdateWritesHistoryThroughAnyPath(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("app-01"))

	// Path 1: the form path — load, apply input, UpdateRequest.
	in := validInput("app-01")
	in.text["cpus"] = "8"
	in.vlans = []models.VLANRow{{ID: "20"}, {ID: "30", Name: "backup"}}
	loaded, _ := models.FindRequest(f.db, r.ID)
	if fe := in.apply(loaded); len(fe) > 0 {
		t.Fatal(fe)
	}
	if err := models.UpdateRequest(f.db, loaded); err != nil {
		t.Fatal(err)
	}
	// Path 2: plain GORM Save on a loaded request.
	loaded, _ = models.FindRequest(f.db, r.ID)
	loaded.Notes = "saved directly"
	if err := f.db.Save(loaded).Error; err != nil {
		t.Fatal(err)
	}
	// Path 3: Updates with a map on a loaded request.
	loaded, _ = models.FindRequest(f.db, r.ID)
	if err := f.db.Model(loaded).Updates(map[string]any{"ram_gb": 64}).Error; err != nil {
		t.Fatal(err)
	}

	hs := f.history(t, r.ID)
	if len(hs) != 4 {
		t.Fatalf("got %d history rows, want created + 3 updates", len(hs))
	}
	want := [][]string{{"cpus", "vlans"}, {"notes"}, {"ram_gb"}}
	for i, w := range want {
		h := hs[i+1]
		if h.Version != i+1 || h.Kind != models.HistoryUpdated {
			t.Errorf("update %d: version %d kind %s", i, h.Version, h.Kind)
		}
		var fields []string
		for _, c := range h.Changes {
			fields = append(fields, c.Field)
		}
		if len(fields) != len(w) || fields[0] != w[0] {
			t.Errorf("update %d changed %v, want %v", i, fields, w)
		}
	}
	vlan := hs[1].Changes[1]
	if vlan.Old != "10 (web), 20" || vlan.New != "20, 30 (backup)" {
		t.Errorf("VLAN change = %q → %q", vlan.Old, vlan.New)
	}
	final, _ := models.FindRequest(f.db, r.ID)
	if final.Version != 4 || final.RAMGB != 64 || final.UpdatedByID != f.user.ID {
		t.Fatalf("final = version %d ram %d", final.Version, final.RAMGB)
	}
	if n := len(auditEntries(t, f.base, models.ActionRequestUpdated)); n != 3 {
		t.Fatalf("%d update audit rows, want 3", n)
	}
}

func TestUpdateOnAnUnloadedModelIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("db-01"))
	err := f.db.Model(&models.VMRequest{}).Where("id = ?", r.ID).Updates(map[string]any{"cpus": 99}).Error
	if err == nil {
		t.Fatal("an update without a loaded request went through, leaving no history")
	}
	got, _ := models.FindRequest(f.db, r.ID)
	if got.CPUs != 4 || len(f.history(t, r.ID)) != 1 {
		t.Fatal("the refused update changed something")
	}
}

func TestRolledBackUpdateLeavesNoHistory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("mail-01"))
	boom := errors.New("boom")
	err := f.db.Transaction(func(tx *gorm.DB) error {
		loaded, err := models.FindRequest(tx, r.ID)
		if err != nil {
			return err
		}
		loaded.CPUs = 16
		if err := models.UpdateRequest(tx, loaded); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("transaction: %v", err)
	}
	got, _ := models.FindRequest(f.db, r.ID)
	if got.CPUs != 4 || got.Version != 1 || len(f.history(t, r.ID)) != 1 ||
		len(auditEntries(t, f.base, models.ActionRequestUpdated)) != 0 {
		t.Fatal("a rolled-back change left history, audit or data behind")
	}
}

func TestOriginalSubmissionSurvivesThreeEdits(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("file-01"))
	for i, cpus := range []int{8, 16, 32} {
		loaded, _ := models.FindRequest(f.db, r.ID)
		loaded.CPUs = cpus
		loaded.VLANs = nil // not loaded: leave the VLANs as they are
		if err := models.UpdateRequest(f.db, loaded); err != nil {
			t.Fatalf("edit %d: %v", i, err)
		}
	}
	original, err := models.OriginalSubmission(f.db, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o := original.Request(); o.CPUs != 4 || o.VMName != "file-01" || o.Version != 1 || len(o.VLANs) != 2 {
		t.Fatalf("original submission = %+v", original)
	}
	updates, err := models.RequestUpdates(f.db, r.ID)
	if err != nil || len(updates) != 3 || updates[2].Changes[0].Old != "16" || updates[2].Changes[0].New != "32" {
		t.Fatalf("updates = %+v (%v)", updates, err)
	}
}

func TestConcurrentEditsOneWinsOtherConflicts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("race-01"))
	a, _ := models.FindRequest(f.db, r.ID)
	b, _ := models.FindRequest(f.db, r.ID)
	a.CPUs, b.CPUs = 8, 16

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, edit := range []*models.VMRequest{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = models.UpdateRequest(f.db, edit)
		}()
	}
	wg.Wait()
	conflicts, wins := 0, -1
	for i, err := range errs {
		switch {
		case errors.Is(err, models.ErrConflict):
			conflicts++
		case err == nil:
			wins = i
		default:
			t.Fatalf("edit %d: %v", i, err)
		}
	}
	if conflicts != 1 || wins < 0 {
		t.Fatalf("errors = %v, want one success and one ErrConflict", errs)
	}
	got, _ := models.FindRequest(f.db, r.ID)
	if want := []int{8, 16}[wins]; got.CPUs != want || got.Version != 2 {
		t.Fatalf("stored cpus %d version %d, want the winner's %d at version 2", got.CPUs, got.Version, want)
	}
	if len(f.history(t, r.ID)) != 2 {
		t.Fatal("the refused edit left history")
	}
}

func TestDuplicateNameRefusedUntilTheOtherIsRejected(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	first := f.create(t, validInput("dup-01"))

	dup := &models.VMRequest{}
	validInput("DUP-01").apply(dup)
	var verr *models.ValidationError
	if err := models.CreateRequest(f.db, dup); !errors.As(err, &verr) || verr.Fields["vm_name"].IsZero() {
		t.Fatalf("duplicate name: err = %v, want a vm_name field error", err)
	}

	loaded, _ := models.FindRequest(f.db, first.ID)
	loaded.Status, loaded.DecisionReason = models.StatusRejected, "not needed"
	if err := models.UpdateRequest(f.db, loaded); err != nil {
		t.Fatal(err)
	}
	again := &models.VMRequest{}
	validInput("DUP-01").apply(again)
	if err := models.CreateRequest(f.db, again); err != nil {
		t.Fatalf("name of a Rejected request not reusable: %v", err)
	}
}
