package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"gorm.io/gorm"

	"vmportal/models"
)

func writeAudit(t *testing.T, db *gorm.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		ctx := models.WithActor(context.Background(), models.Actor{Username: fmt.Sprintf("u%d", i), IP: "192.0.2.7"})
		if err := models.RecordAudit(db.WithContext(ctx), models.ActionLogin, models.AuditObject{Type: "user", ID: "1"},
			map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *gorm.DB) *models.ChainReport {
	t.Helper()
	report, err := models.VerifyAuditChain(db)
	if err != nil {
		t.Fatal(err)
	}
	return report
}

func ids(t *testing.T, db *gorm.DB) []int64 {
	var out []int64
	if err := db.Table("audit_log").Order("id").Pluck("id", &out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAuditChainIntact(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	writeAudit(t, db, 5)
	r := verify(t, db)
	if !r.OK() || r.Rows != 6 || len(r.HeadHash) != 64 { // 5 + the admin's user.created
		t.Fatalf("report = %+v", r)
	}
}

// The test plays an attacker with the table owner's rights: it disables the
// append-only trigger, alters or deletes a row, and re-enables it.
func tamper(t *testing.T, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete").Error; err != nil {
			return err
		}
		if err := tx.Exec(sql, args...).Error; err != nil {
			return err
		}
		return tx.Exec("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete").Error
	})
	if err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

func TestAuditChainReportsAlteredRow(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	writeAudit(t, db, 5)
	all := ids(t, db)
	target := all[3]
	tamper(t, db, "UPDATE audit_log SET actor_username = 'someone-else' WHERE id = ?", target)
	r := verify(t, db)
	if r.OK() || r.BrokenAt != target {
		t.Fatalf("altered row %d: report %+v", target, r)
	}
}

func TestAuditChainReportsDeletedRow(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	writeAudit(t, db, 5)
	all := ids(t, db)
	tamper(t, db, "DELETE FROM audit_log WHERE id = ?", all[2])
	r := verify(t, db)
	if r.OK() || r.BrokenAt != all[3] {
		t.Fatalf("deleted row %d: report %+v, want broken at the next row %d", all[2], r, all[3])
	}
}

func TestConcurrentAuditWritersFormOneChain(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each writer in its own transaction that also does other work,
			// as a request update does.
			errs <- db.Transaction(func(tx *gorm.DB) error {
				ctx := models.WithActor(context.Background(), models.Actor{Username: fmt.Sprintf("w%d", i)})
				return models.RecordAudit(tx.WithContext(ctx), models.ActionLogout, models.AuditObject{Type: "user"}, nil)
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	r := verify(t, db)
	if !r.OK() || r.Rows != 51 {
		t.Fatalf("report = %+v, want an intact chain of 51 rows", r)
	}
}
