package database_test

import (
	"context"
	"testing"

	"vmportal/database"
	"vmportal/database/testdb"
)

// TestNameSuffixesFollowTheRequests: the name search's suffix index
// (migration 0024) holds exactly every suffix of every lower-cased name
// after a COPY of many requests, a rename, a change that leaves the name
// alone, a rename of several rows in one statement and a delete.
func TestNameSuffixesFollowTheRequests(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()
	if err := database.SeedDemo(ctx, db, 300, nil); err != nil {
		t.Fatal(err)
	}
	// The history's guards (migration 0006) accept changes only through
	// the models; this test changes names behind their back, in its own
	// database, to reach the triggers under test directly.
	for _, sql := range []string{
		`ALTER TABLE vm_requests DISABLE TRIGGER vm_requests_bump_version`,
		`ALTER TABLE vm_requests DISABLE TRIGGER vm_requests_history_written`,
		`ALTER TABLE vm_history DISABLE TRIGGER vm_history_no_update_delete`,
	} {
		if _, err := db.Pool.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	const differences = `SELECT count(*) FROM (
		(SELECT substr(vm_name_lower, i) COLLATE "C", id FROM vm_requests, generate_series(1, length(vm_name_lower)) i
		 EXCEPT SELECT suffix, request_id FROM vm_name_suffixes)
		UNION ALL
		(SELECT suffix, request_id FROM vm_name_suffixes
		 EXCEPT SELECT substr(vm_name_lower, i) COLLATE "C", id FROM vm_requests, generate_series(1, length(vm_name_lower)) i)) d`
	steps := []struct{ name, sql string }{
		{"after the COPY", ""},
		{"after a rename", `UPDATE vm_requests SET vm_name = 'Renamed-Web-Zq01' WHERE id = (SELECT min(id) FROM vm_requests)`},
		{"after a change of status only", `UPDATE vm_requests SET status = 'Cancelled' WHERE id = (SELECT max(id) FROM vm_requests)`},
		{"after renaming many in one statement", `UPDATE vm_requests SET vm_name = vm_name || '-x' WHERE id % 7 = 0`},
		{"after a delete", `DELETE FROM vm_requests WHERE id = (SELECT max(id) FROM vm_requests r
			WHERE NOT EXISTS (SELECT FROM vm_vlans v WHERE v.vm_request_id = r.id))`},
	}
	for _, s := range steps {
		if s.sql != "" {
			if _, err := db.Pool.Exec(ctx, s.sql); err != nil {
				t.Fatalf("%s: %v", s.sql, err)
			}
		}
		if n := demoCount(t, db, differences); n != 0 {
			t.Errorf("%s: %d suffixes differ from the names", s.name, n)
		}
	}
	if n := demoCount(t, db, `SELECT count(*) FROM vm_name_suffixes WHERE suffix = 'web-zq01'`); n != 1 {
		t.Errorf("the renamed request's suffix 'web-zq01' is there %d times, want once", n)
	}
}
