package database_test

import (
	"context"
	"strings"
	"testing"

	"vmportal/database"
	"vmportal/database/testdb"
)

func openInitialised(t *testing.T) *database.DB {
	t.Helper()
	db, err := database.Open(testdb.New(t), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	db := openInitialised(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `INSERT INTO audit_log (action, actor_username) VALUES ('login', 'someone')`); err != nil {
		t.Fatalf("insert: %v", err)
	}
	for _, sql := range []string{
		"UPDATE audit_log SET actor_username = 'someone else'",
		"DELETE FROM audit_log",
		"TRUNCATE audit_log",
	} {
		_, err := db.Pool.Exec(ctx, sql)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refused as append-only", sql, err)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM audit_log WHERE actor_username = 'someone'"); n != 1 {
		t.Fatalf("audit row changed or gone: %d", n)
	}
}

func TestSchemaConstraints(t *testing.T) {
	t.Parallel()
	db := openInitialised(t)
	ctx := context.Background()
	userSQL := `INSERT INTO users (username, full_name, email, password_hash, role) VALUES ($1, 'N', 'n@example.com', '$2a$12$x', $2)`
	if _, err := db.Pool.Exec(ctx, userSQL, "Bob", "user"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, userSQL, "bob", "user"); err == nil {
		t.Error("usernames differing only in case were both accepted")
	}
	if _, err := db.Pool.Exec(ctx, userSQL, "root", "superuser"); err == nil {
		t.Error("an unknown role was accepted")
	}

	// With its "created" history row, which the database requires.
	req := `WITH r AS (INSERT INTO vm_requests (vm_name, requestor_name, requestor_email, primary_admin_name, primary_admin_email,
		cpus, ram_gb, disk_gb, physical_location, virtual_host, operating_system, backup_required, backup_frequency,
		status, decision_reason, created_by_id, updated_by_id)
		VALUES ($1, 'R', 'r@example.com', 'P', 'p@example.com', $2, 8, 100, 'DC1', 'esx1', 'Debian', $3, $4, $5, $6, 1, 1)
		RETURNING id)
		INSERT INTO vm_history (vm_request_id, kind, version, snapshot) SELECT id, 'created', 1, '{}' FROM r`
	ok := func(name string, cpus int, backup bool, freq, status, reason string) error {
		_, err := db.Pool.Exec(ctx, req, name, cpus, backup, freq, status, reason)
		return err
	}
	if err := ok("web-01", 2, true, "Daily", "Pending", ""); err != nil {
		t.Fatalf("valid request refused: %v", err)
	}
	for name, err := range map[string]error{
		"duplicate name in other case": ok("WEB-01", 2, false, "", "Pending", ""),
		"cpus out of range":            ok("web-02", 129, false, "", "Pending", ""),
		"name ending with a hyphen":    ok("web-", 2, false, "", "Pending", ""),
		"backup without frequency":     ok("web-03", 2, true, "", "Pending", ""),
		"frequency without backup":     ok("web-04", 2, false, "Weekly", "Pending", ""),
		"unknown status":               ok("web-05", 2, false, "", "Deleted", ""),
		"rejected without a reason":    ok("web-06", 2, false, "", "Rejected", ""),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A rejected request frees its name for a new one.
	if err := ok("web-07", 2, false, "", "Rejected", "not needed"); err != nil {
		t.Fatal(err)
	}
	if err := ok("Web-07", 2, false, "", "Pending", ""); err != nil {
		t.Errorf("name of a rejected request not reusable: %v", err)
	}

	// Comments: not blank, at most 5,000 characters. Only a change's
	// history row may say which version it restored, and only an earlier one.
	comment := `INSERT INTO vm_comments (request_id, author_id, body) VALUES (1, 1, $1)`
	if _, err := db.Pool.Exec(ctx, comment, strings.Repeat("é", 5000)); err != nil {
		t.Errorf("a comment of 5,000 characters refused: %v", err)
	}
	for _, body := range []string{"", " \n ", strings.Repeat("x", 5001)} {
		if _, err := db.Pool.Exec(ctx, comment, body); err == nil {
			t.Errorf("comment of %d characters accepted", len(body))
		}
	}
	for name, restored := range map[string]string{"on the original submission": "created', 1, '{}', 1",
		"of a later version": "updated', 1, '{}', 2", "of version 0": "updated', 1, '{}', 0"} {
		_, err := db.Pool.Exec(ctx, `INSERT INTO vm_history (vm_request_id, kind, version, snapshot, restored_from) VALUES (1, '`+restored+`)`)
		if err == nil || !strings.Contains(err.Error(), "vm_history_restored_from_check") {
			t.Errorf("restored_from %s: %v, want the check to refuse it", name, err)
		}
	}
}
