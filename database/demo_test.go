package database_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

// SeedDemo fills a fresh database with consistent demo data, and a second
// run adds to it without clashing with the first.
func TestSeedDemo(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()

	var out bytes.Buffer
	if err := database.SeedDemo(ctx, db, 500, &out); err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	if !strings.Contains(out.String(), "added 500 requests") {
		t.Errorf("progress output lacks the summary:\n%s", out.String())
	}
	checks := []struct {
		name, sql string
		want      int
	}{
		{"requests", `SELECT count(*) FROM vm_requests`, 500},
		{"demo users", `SELECT count(*) FROM users WHERE username LIKE 'demo__' AND role = 'user'`, 20},
		{"requests without exactly one matching 'created' row", `SELECT count(*) FROM vm_requests r
			WHERE (SELECT count(*) FROM vm_history h WHERE h.vm_request_id = r.id AND h.kind = 'created'
				AND h.version = 1 AND h.snapshot->>'vm_name' = r.vm_name AND h.changed_by_id = r.created_by_id
				AND h.changed_at = r.created_at AND h.changes = '[]') <> 1`, 0},
		{"original submissions not Pending", `SELECT count(*) FROM vm_history WHERE kind = 'created' AND snapshot->>'status' <> 'Pending'`, 0},
		{"requests whose update rows do not lead to their version and status", `SELECT count(*) FROM vm_requests r
			WHERE (SELECT count(*) FROM vm_history h WHERE h.vm_request_id = r.id AND h.kind = 'updated') <> r.version - 1
			   OR (r.status = 'Pending') <> (r.version = 1)
			   OR (r.status = 'Active') <> (r.version = 3)`, 0},
		{"update rows whose changes do not name the status", `SELECT count(*) FROM vm_history
			WHERE kind = 'updated' AND NOT changes @> '[{"field": "status"}]'`, 0},
		{"non-ASCII email addresses", `SELECT count(*) FROM vm_requests WHERE primary_admin_email !~ '^[ -~]+$'`, 0},
		{"requests whose VLAN positions are not 0..k-1", `SELECT count(*) FROM (
			SELECT vm_request_id FROM vm_vlans GROUP BY vm_request_id
			HAVING min(position) <> 0 OR max(position) <> count(*) - 1) AS bad`, 0},
		{"Rejected without reason or decider", `SELECT count(*) FROM vm_requests WHERE status = 'Rejected'
			AND (decision_reason = '' OR decided_by_id IS NULL OR decided_at IS NULL)`, 0},
		{"request dates not the creation date", `SELECT count(*) FROM vm_requests
			WHERE request_date <> (created_at AT TIME ZONE 'UTC')::date`, 0},
		{"values missing from suggestions", `SELECT count(*) FROM (
			SELECT 'physical_location' AS f, physical_location AS v FROM vm_requests
			UNION SELECT 'virtual_host', virtual_host FROM vm_requests
			UNION SELECT 'operating_system', operating_system FROM vm_requests) AS used
			WHERE NOT EXISTS (SELECT 1 FROM vm_suggestions s WHERE s.field = used.f AND s.value = used.v)`, 0},
		{"audit rows", `SELECT count(*) FROM audit_log WHERE action LIKE 'request.%'`, 0},
		// The COPY's rows reach host_allocations through its insert trigger.
		{"hosts whose kept allocation is not their requests' sum", `SELECT count(*) FROM host_allocations k
			FULL JOIN (SELECT lower(virtual_host) AS host, sum(cpus) AS cpus, sum(ram_gb) AS ram_gb, sum(disk_gb) AS disk_gb
				FROM vm_requests WHERE status IN ('Approved', 'Active') GROUP BY 1) s USING (host)
			WHERE (k.cpus, k.ram_gb, k.disk_gb) IS DISTINCT FROM (s.cpus, s.ram_gb, s.disk_gb)`, 0},
	}
	for _, c := range checks {
		if got := demoCount(t, db, c.sql); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	for _, status := range models.Statuses {
		if demoCount(t, db, `SELECT count(*) FROM vm_requests WHERE status = '`+status+`'`) == 0 {
			t.Errorf("no %s request among 500", status)
		}
	}
	if demoCount(t, db, `SELECT count(*) FROM vm_vlans`) == 0 || demoCount(t, db, `SELECT count(*) FROM vm_suggestions`) == 0 {
		t.Error("no VLANs or no suggestions")
	}
	checkSnapshot(t, db)

	if err := database.SeedDemo(ctx, db, 100, nil); err != nil {
		t.Fatalf("second SeedDemo: %v", err)
	}
	if got := demoCount(t, db, `SELECT count(*) FROM vm_requests`); got != 600 {
		t.Errorf("after a second run: %d requests, want 600", got)
	}
	if got := demoCount(t, db, `SELECT count(*) FROM users WHERE username LIKE 'demo__'`); got != 20 {
		t.Errorf("after a second run: %d demo users, want 20", got)
	}
}

// checkSnapshot reads one request back through the models and compares it
// with its original submission.
func checkSnapshot(t *testing.T, db *database.DB) {
	t.Helper()
	var id int64
	if err := db.Pool.QueryRow(context.Background(),
		`SELECT vm_request_id FROM vm_vlans GROUP BY 1 HAVING count(*) > 1 LIMIT 1`).Scan(&id); err != nil {
		t.Fatalf("a request with VLANs: %v", err)
	}
	r, err := models.FindRequest(db.Gorm, id)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := models.OriginalSubmission(db.Gorm, id)
	if err != nil {
		t.Fatal(err)
	}
	// As submitted: the request's fields, but Pending at version 1.
	r.Status, r.DecisionReason, r.Version = models.StatusPending, "", 1
	submitted := r.Snapshot()
	got, _ := json.Marshal(orig)
	want, _ := json.Marshal(submitted)
	if string(got) != string(want) {
		t.Errorf("original submission of %d:\n got %s\nwant %s", id, got, want)
	}
}

func demoCount(t *testing.T, db *database.DB, sql string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
