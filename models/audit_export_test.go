package models_test

import (
	"testing"

	"vmportal/database/testdb"
	"vmportal/models"
)

// TestEachAuditReadsEveryEntryInBatches: the audit trail's export gives
// every matching entry once, newest first, across more than two of its
// batches of 500, and stops where a filter's matches end.
func TestEachAuditReadsEveryEntryInBatches(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	writeAudit(t, db.Gorm, 1234)
	want := ids(t, db.Gorm)
	var got []int64
	if err := models.EachAudit(db.Gorm, models.AuditFilter{}, func(e *models.AuditEntry) error {
		got = append(got, e.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("exported %d entries, want %d", len(got), len(want))
	}
	for i, id := range got {
		if id != want[len(want)-1-i] {
			t.Fatalf("entry %d: id %d, want %d (newest first, each once)", i, id, want[len(want)-1-i])
		}
	}
	n := 0
	if err := models.EachAudit(db.Gorm, models.AuditFilter{User: "u7"}, func(e *models.AuditEntry) error {
		if e.ActorUsername != "u7" {
			t.Errorf("user filter gave %q", e.ActorUsername)
		}
		n++
		return nil
	}); err != nil || n != 1 {
		t.Errorf("user u7: %d entries (%v), want 1", n, err)
	}
}
