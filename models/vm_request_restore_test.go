package models_test

import (
	"errors"
	"testing"

	"gorm.io/gorm"

	"vmportal/models"
)

// edit saves changes to r's form fields as an edit does.
func (f *fixture) edit(t *testing.T, r *models.VMRequest, changes map[string]string) {
	t.Helper()
	in := validInput(r.VMName)
	in.text = models.FormText(r)
	in.vlans = models.VLANRows(r.VLANs)
	for k, v := range changes {
		in.text[k] = v
	}
	if fe := in.apply(r); len(fe) > 0 {
		t.Fatalf("edit invalid: %v", fe)
	}
	if err := models.UpdateRequest(f.db, r); err != nil {
		t.Fatalf("edit: %v", err)
	}
}

// Restoring version 1 saves a new version with version 1's details (the
// status stays as the workflow left it), recorded as restored from 1 in
// the history and the audit trail.
func TestRestoreVersionSavesANewVersion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("back-01"))
	f.edit(t, r, map[string]string{"cpus": "8", "notes": "bigger"})
	r.VLANs = []models.VLAN{{VLANID: 30, Name: "db"}}
	if err := models.UpdateRequest(f.db, r); err != nil {
		t.Fatal(err)
	}
	if err := models.RestoreVersion(f.db, f.user, r, 1); err != nil {
		t.Fatal(err)
	}
	got, err := models.FindRequest(f.base, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 4 || got.CPUs != 4 || got.Notes != "" || models.VLANSummary(got.VLANs) != "10 (web), 20" || got.Status != models.StatusPending {
		t.Fatalf("after restoring version 1: v%d cpus %d notes %q vlans %q %s", got.Version, got.CPUs, got.Notes, models.VLANSummary(got.VLANs), got.Status)
	}
	hs := f.history(t, r.ID)
	last := hs[len(hs)-1]
	if last.Version != 3 || last.RestoredFrom == nil || *last.RestoredFrom != 1 || len(last.Changes) != 3 {
		t.Fatalf("history of the restore = %+v", last)
	}
	audits := auditEntries(t, f.base, models.ActionRequestRestored)
	if len(audits) != 1 || audits[0].Details["restored_from"] != float64(1) {
		t.Fatalf("restore audit = %+v", audits)
	}
	if v, err := models.FindVersion(f.base, r.ID, 2); err != nil || v.Request().CPUs != 8 {
		t.Fatalf("version 2: %+v, %v", v.Request(), err)
	}
}

// A restore is refused with nothing saved: a version that is not an
// earlier one, a stale version, a name since taken, or a user who may not.
func TestRestoreVersionRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("back-02"))
	f.edit(t, r, map[string]string{"vm_name": "back-03"})
	f.create(t, validInput("back-02")) // takes the old name
	for _, n := range []int{0, 2, 3, -1} {
		if err := models.RestoreVersion(f.db, f.user, r, n); !errors.Is(err, models.ErrNoSuchVersion) {
			t.Errorf("restore version %d of 2: %v, want ErrNoSuchVersion", n, err)
		}
	}
	err := models.RestoreVersion(f.db, f.user, r, 1)
	var verr *models.ValidationError
	if !errors.As(err, &verr) || verr.Fields["vm_name"].IsZero() || r.VMName != "back-02" {
		t.Fatalf("restoring a name since taken: %v (form holds %q)", err, r.VMName)
	}
	stranger := createUser(t, f.base, "bob", models.RoleUser)
	if err := models.RestoreVersion(f.db, stranger, r, 1); !errors.Is(err, models.ErrNotPermitted) {
		t.Errorf("stranger's restore: %v", err)
	}
	got, _ := models.FindRequest(f.base, r.ID)
	if got.Version != 2 || got.VMName != "back-03" || len(auditEntries(t, f.base, models.ActionRequestRestored)) != 0 {
		t.Fatalf("a refused restore saved: v%d %s", got.Version, got.VMName)
	}
	// A restore based on a version that moved on meanwhile.
	old := *got
	f.edit(t, got, map[string]string{"cpus": "2"})
	if err := models.RestoreVersion(f.db, f.user, &old, 1); !errors.Is(err, models.ErrConflict) {
		t.Fatalf("a restore based on a stale version: %v, want ErrConflict", err)
	}
}

// A version whose VLANs today's rules refuse (as if the rules had been
// tightened since it was saved) is not restored: the errors name the VLAN
// row, and r holds that version's details for the form.
func TestRestoreVersionCheckedAgainstTodaysVLANRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("back-04"))
	f.edit(t, r, map[string]string{"cpus": "8"})
	// Version 2 as stored, with a VLAN the rules no longer allow, written
	// the way the database accepts a change: version and history together.
	err := f.base.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE vm_requests SET version = 3, cpus = 2 WHERE id = ?", r.ID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO vm_history (vm_request_id, kind, version, snapshot, changes)
			SELECT vm_request_id, 'updated', 2, jsonb_set(snapshot, '{vlans}', '[{"id": 5000, "name": "old"}]'), '[]'
			FROM vm_history WHERE vm_request_id = ? AND kind = 'created'`, r.ID).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Version = 3
	err = models.RestoreVersion(f.db, f.user, r, 2)
	var verr *models.ValidationError
	if !errors.As(err, &verr) || verr.Fields["vlans.0.vlan_id"].IsZero() || models.VLANSummary(r.VLANs) != "5000 (old)" {
		t.Fatalf("restoring an invalid VLAN: %v (form holds %q)", err, models.VLANSummary(r.VLANs))
	}
	if got, _ := models.FindRequest(f.base, r.ID); got.Version != 3 {
		t.Fatalf("saved: v%d", got.Version)
	}
}
