package deploy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"vmportal/database/testdb"
	"vmportal/models"
)

// checkAcknowledged: every acknowledged creation and edit is in the
// database with its history row.
func checkAcknowledged(t *testing.T, pool *pgxpool.Pool, l *ledger) {
	t.Helper()
	ctx := context.Background()
	for id := range l.created {
		var ok bool
		err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM vm_requests r JOIN vm_history h
			ON h.vm_request_id = r.id AND h.kind = 'created' WHERE r.id = $1)`, id).Scan(&ok)
		if err != nil || !ok {
			t.Errorf("acknowledged request %d missing, or its history (%v)", id, err)
		}
	}
	for id, version := range l.editedTo {
		var ok bool
		err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM vm_requests r JOIN vm_history h
			ON h.vm_request_id = r.id AND h.kind = 'updated' AND h.version = $2 - 1
			WHERE r.id = $1 AND r.version >= $2 AND r.cpus = 8)`, id, version).Scan(&ok)
		if err != nil || !ok {
			t.Errorf("acknowledged edit of request %d to version %d missing, or its history (%v)", id, version, err)
		}
	}
}

// trailChecks each count what must not exist: a request without its
// history or audit row, history without its change, orphans.
var trailChecks = []struct{ what, sql string }{
	{"requests without their 'created' row", `SELECT count(*) FROM vm_requests r WHERE NOT EXISTS
		(SELECT 1 FROM vm_history h WHERE h.vm_request_id = r.id AND h.kind = 'created')`},
	{"requests missing an 'updated' row for a version they left", `SELECT count(*) FROM vm_requests r
		WHERE (SELECT count(DISTINCT version) FROM vm_history h WHERE h.vm_request_id = r.id
		AND h.kind = 'updated' AND h.version < r.version) <> r.version - 1`},
	{"'updated' rows for a version the request never left", `SELECT count(*) FROM vm_history h
		JOIN vm_requests r ON r.id = h.vm_request_id WHERE h.kind = 'updated' AND h.version >= r.version`},
	{"history rows without their request", `SELECT count(*) FROM vm_history h
		WHERE NOT EXISTS (SELECT 1 FROM vm_requests r WHERE r.id = h.vm_request_id)`},
	{"VLANs without their request", `SELECT count(*) FROM vm_vlans v
		WHERE NOT EXISTS (SELECT 1 FROM vm_requests r WHERE r.id = v.vm_request_id)`},
	{"requests without the form's two VLANs", `SELECT count(*) FROM vm_requests r
		WHERE (SELECT count(*) FROM vm_vlans v WHERE v.vm_request_id = r.id) <> 2`},
	{"requests without their audit row", `SELECT count(*) FROM vm_requests r WHERE NOT EXISTS
		(SELECT 1 FROM audit_log a WHERE a.object_type = 'vm_request' AND a.object_id = r.id::text
		AND a.action = '` + models.ActionRequestCreated + `')`},
}

// checkTrail fails the test for anything half-written, and returns the
// number of requests.
func checkTrail(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	for _, c := range trailChecks {
		var n int
		if err := pool.QueryRow(context.Background(), c.sql).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d (%v)", c.what, n, err)
		}
	}
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM vm_requests").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestKillDuringSavesLosesNothing: `vmportal serve` is killed with SIGKILL
// while 16 clients create and edit requests. Every acknowledged write is
// in the database with its history; nothing is half-written (no request
// without its history, no history without its request); the audit chain
// verifies; and the app starts again on the same database.
func TestKillDuringSavesLosesNothing(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	dbURL := testdb.New(t)
	victim, l, stop, wait := loadedApp(t, bin, dbURL)
	defer close(stop)
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-victim.done
	wait()
	l.check(t)

	pool := testdb.Pool(t, dbURL)
	checkAcknowledged(t, pool, l)
	if n := checkTrail(t, pool); n < len(l.created) {
		t.Errorf("%d requests stored, %d acknowledged", n, len(l.created))
	}
	out, err := appCommand(bin, dbURL, nil, "verify-audit").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit trail intact") {
		t.Fatalf("verify-audit after the kill: %v\n%s", err, out)
	}
	startApp(t, bin, dbURL, "restarted", freePort(t))
}
