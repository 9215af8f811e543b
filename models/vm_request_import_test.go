package models_test

import (
	"errors"
	"strings"
	"testing"

	"vmportal/models"
)

// importText is validInput(name) as an import line: VLANs as one cell.
func importText(name string) map[string]string {
	text := validInput(name).text
	text["vlans"] = "10:web;20"
	return text
}

func TestReadImportRowReadsLikeTheForm(t *testing.T) {
	t.Parallel()
	row := models.ReadImportRow(7, importText("web-01"))
	if row.Line != 7 || len(row.Errors) != 0 {
		t.Fatalf("line %d, errors %v", row.Line, row.Errors)
	}
	if got := models.VLANText(row.Request.VLANs); got != "10:web;20" {
		t.Errorf("VLANs = %q", got)
	}
	bad := importText("-bad-")
	bad["vlans"] = "10:a;x:b;10"
	bad["cpus"] = "0"
	row = models.ReadImportRow(2, bad)
	for _, key := range []string{"vm_name", "cpus", "vlans.1.vlan_id", "vlans.2.vlan_id"} {
		if row.Errors[key].IsZero() {
			t.Errorf("no error for %s: %v", key, row.Errors)
		}
	}
}

func TestCheckImportNamesWithinTheFileAndTheDatabase(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.create(t, validInput("taken-01"))
	rows := []models.ImportRow{
		models.ReadImportRow(2, importText("new-01")),
		models.ReadImportRow(3, importText("NEW-01")),
		models.ReadImportRow(4, importText("Taken-01")),
		models.ReadImportRow(5, importText("new-02")),
	}
	if err := models.CheckImportNames(f.db, rows); err != nil {
		t.Fatal(err)
	}
	if len(rows[0].Errors) != 0 || len(rows[3].Errors) != 0 {
		t.Errorf("valid lines got errors: %v %v", rows[0].Errors, rows[3].Errors)
	}
	if msg := rows[1].Errors["vm_name"].String(); !strings.Contains(msg, "already on line 2") {
		t.Errorf("repeated name: %q", msg)
	}
	if msg := rows[2].Errors["vm_name"].String(); !strings.Contains(msg, "already Pending, Approved or Active") {
		t.Errorf("name of a stored request: %q", msg)
	}
}

func TestImportRequestsIsAllOrNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p, err := models.SavePendingImport(f.db, f.user.ID, []byte("file"))
	if err != nil {
		t.Fatal(err)
	}
	good := models.ReadImportRow(2, importText("ok-01")).Request
	clash := models.ReadImportRow(3, importText("OK-01")).Request // passes its own rules, not uniqueness
	err = models.ImportRequests(f.db, p.ID, []*models.VMRequest{good, clash})
	var rowErr *models.ImportRowError
	if !errors.As(err, &rowErr) || rowErr.Index != 1 || rowErr.Fields["vm_name"].IsZero() {
		t.Fatalf("err = %v, want an ImportRowError for row 1", err)
	}
	var n int64
	f.base.Model(&models.VMRequest{}).Count(&n)
	if n != 0 || len(auditEntries(t, f.base, models.ActionRequestCreated)) != 0 {
		t.Fatalf("%d requests stored after a failed import", n)
	}
	if _, err := models.FindPendingImport(f.db, p.ID, f.user.ID); err != nil {
		t.Fatalf("the pending import is gone after a failed import: %v", err)
	}

	ok := []*models.VMRequest{models.ReadImportRow(2, importText("ok-01")).Request, models.ReadImportRow(3, importText("ok-02")).Request}
	if err := models.ImportRequests(f.db, p.ID, ok); err != nil {
		t.Fatal(err)
	}
	for _, r := range ok {
		if hs := f.history(t, r.ID); len(hs) != 1 || hs[0].Kind != models.HistoryCreated {
			t.Errorf("%s: history %v", r.VMName, hs)
		}
	}
	if got := len(auditEntries(t, f.base, models.ActionRequestCreated)); got != 2 {
		t.Errorf("%d audit rows, want 2", got)
	}
	if err := models.ImportRequests(f.db, p.ID, ok); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("importing the same file twice: %v, want ErrNotFound", err)
	}
}

func TestPendingImportsAreOnePerUserAndPrivate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other := createUser(t, f.base, "bob", models.RoleAdmin)
	first, err := models.SavePendingImport(f.db, f.user.ID, []byte("one"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := models.SavePendingImport(f.db, f.user.ID, []byte("two"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.FindPendingImport(f.db, first.ID, f.user.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("a replaced upload is still found: %v", err)
	}
	if _, err := models.FindPendingImport(f.db, second.ID, other.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("another user's upload is found: %v", err)
	}
	if p, err := models.FindPendingImport(f.db, second.ID, f.user.ID); err != nil || string(p.Content) != "two" {
		t.Errorf("own upload: %v", err)
	}
}
