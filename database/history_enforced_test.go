package database_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"vmportal/database"
	"vmportal/models"
)

// historyFixture is a database with one request, created through the
// models, and the GORM handle acting as the admin.
type historyFixture struct {
	db    *database.DB
	gdb   *gorm.DB
	req   *models.VMRequest
	admin *models.User
}

func newHistoryFixture(t *testing.T) *historyFixture {
	t.Helper()
	db := openInitialised(t)
	admin, err := models.FindUserByUsername(db.Gorm, database.AdminUsername)
	if err != nil {
		t.Fatal(err)
	}
	ctx := models.WithActor(context.Background(), models.Actor{UserID: admin.ID, Username: admin.Username})
	f := &historyFixture{db: db, gdb: db.Gorm.WithContext(ctx), admin: admin}
	f.req = f.create(t, "enforced-01")
	return f
}

func (f *historyFixture) create(t *testing.T, name string) *models.VMRequest {
	t.Helper()
	text := map[string]string{
		"vm_name": name, "requestor_name": "Ada", "requestor_email": "ada@example.com",
		"primary_admin_name": "Grace", "primary_admin_email": "grace@example.com", "request_date": "2026-11-20",
		"cpus": "2", "ram_gb": "8", "disk_gb": "100", "physical_location": "DC1", "virtual_host": "esx-01",
		"operating_system": "Debian 12", "backup_required": "No",
	}
	r := &models.VMRequest{}
	if fe := models.ReadText(r, text, []models.VLANRow{{ID: "10", Name: "web"}}); len(fe) > 0 {
		t.Fatalf("input invalid: %v", fe)
	}
	if err := models.CreateRequest(f.gdb, r); err != nil {
		t.Fatalf("create: %v", err)
	}
	return r
}

// state is what a bypass must leave unchanged: the request's fields that
// the bypasses touch, its version and its history and VLAN rows.
func (f *historyFixture) state(t *testing.T) string {
	t.Helper()
	var s string
	err := f.db.Pool.QueryRow(context.Background(), `SELECT concat_ws(' ', r.cpus, r.notes, r.version,
		(SELECT count(*) FROM vm_history h WHERE h.vm_request_id = r.id),
		(SELECT string_agg(vlan_id || ':' || name, ',' ORDER BY position) FROM vm_vlans v WHERE v.vm_request_id = r.id))
		FROM vm_requests r WHERE r.id = $1`, f.req.ID).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHistoryCannotBeBypassed tries every way around the models' history
// callbacks; the database refuses each, and the request stays as it was.
func TestHistoryCannotBeBypassed(t *testing.T) {
	t.Parallel()
	f := newHistoryFixture(t)
	ctx := context.Background()
	id, v := f.req.ID, f.req.Version
	pgxExec := func(sql string, args ...any) func() error {
		return func() error { _, err := f.db.Pool.Exec(ctx, sql, args...); return err }
	}
	stale := func() *models.VMRequest { c := *f.req; c.VLANs = nil; c.CPUs = 3; return &c }
	bypasses := map[string]func() error{
		"UpdateColumn": func() error { return f.gdb.Model(stale()).UpdateColumn("cpus", 3).Error },
		"UpdateColumns with a version bump": func() error {
			return f.gdb.Model(stale()).UpdateColumns(map[string]any{"cpus": 3, "version": v + 1}).Error
		},
		"gorm Exec": func() error {
			return f.gdb.Exec("UPDATE vm_requests SET cpus = 3, version = version + 1 WHERE id = ?", id).Error
		},
		"SkipHooks Save": func() error { return f.gdb.Session(&gorm.Session{SkipHooks: true}).Save(stale()).Error },
		"SkipHooks Save with a version bump": func() error {
			r := stale()
			r.Version++
			return f.gdb.Session(&gorm.Session{SkipHooks: true}).Save(r).Error
		},
		"pgx UPDATE without a bump":  pgxExec("UPDATE vm_requests SET notes = 'psql' WHERE id = $1", id),
		"pgx UPDATE with a bump":     pgxExec("UPDATE vm_requests SET notes = 'psql', version = version + 1 WHERE id = $1", id),
		"pgx UPDATE version only":    pgxExec("UPDATE vm_requests SET version = version + 1 WHERE id = $1", id),
		"pgx DELETE request":         pgxExec("DELETE FROM vm_requests WHERE id = $1", id),
		"pgx TRUNCATE requests":      pgxExec("TRUNCATE vm_requests CASCADE"),
		"pgx INSERT vlan":            pgxExec("INSERT INTO vm_vlans (vm_request_id, position, vlan_id) VALUES ($1, 1, 99)", id),
		"pgx UPDATE vlan":            pgxExec("UPDATE vm_vlans SET name = 'psql' WHERE vm_request_id = $1", id),
		"pgx DELETE vlan":            pgxExec("DELETE FROM vm_vlans WHERE vm_request_id = $1", id),
		"pgx UPDATE history":         pgxExec("UPDATE vm_history SET changes = '[]' WHERE vm_request_id = $1", id),
		"pgx DELETE history":         pgxExec("DELETE FROM vm_history WHERE vm_request_id = $1", id),
		"pgx TRUNCATE history":       pgxExec("TRUNCATE vm_history"),
		"forged history, then VLANs": f.forgedHistoryThenVLANs(id, v),
		"bump with a forged history": f.inTx(
			"UPDATE vm_requests SET notes = 'psql', version = version + 1 WHERE id = $1",
			"INSERT INTO vm_history (vm_request_id, kind, version, snapshot) VALUES ($1, 'updated', 7, '{}')"),
	}
	before := f.state(t)
	for name, bypass := range bypasses {
		err := bypass()
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
		t.Logf("%s: %v", name, err)
		if after := f.state(t); after != before {
			t.Fatalf("%s: request changed from %q to %q", name, before, after)
		}
	}
}

// forgedHistoryThenVLANs writes a history row for the current version
// without moving the request past it, and changes the VLANs under its
// cover.
func (f *historyFixture) forgedHistoryThenVLANs(id int64, version int) func() error {
	return f.inTx(
		fmt.Sprintf("INSERT INTO vm_history (vm_request_id, kind, version, snapshot) VALUES ($1, 'updated', %d, '{}')", version),
		"DELETE FROM vm_vlans WHERE vm_request_id = $1")
}

// inTx runs each statement with the request id in one transaction.
func (f *historyFixture) inTx(stmts ...string) func() error {
	return func() error {
		return pgx.BeginFunc(context.Background(), f.db.Pool, func(tx pgx.Tx) error {
			for _, s := range stmts {
				if _, err := tx.Exec(context.Background(), s, f.req.ID); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// TestRequestWithoutHistoryIsRefused: a request inserted directly, without
// its "created" history row, does not commit.
func TestRequestWithoutHistoryIsRefused(t *testing.T) {
	t.Parallel()
	f := newHistoryFixture(t)
	_, err := f.db.Pool.Exec(context.Background(), `INSERT INTO vm_requests (vm_name, requestor_name, requestor_email,
		primary_admin_name, primary_admin_email, cpus, ram_gb, disk_gb, physical_location, virtual_host,
		operating_system, created_by_id, updated_by_id)
		VALUES ('bare-01', 'R', 'r@example.com', 'P', 'p@example.com', 1, 1, 1, 'DC1', 'esx1', 'Debian', 1, 1)`)
	if err == nil {
		t.Fatal("a request without history was accepted")
	}
	if n := count(t, f.db, "SELECT count(*) FROM vm_requests WHERE vm_name = 'bare-01'"); n != 0 {
		t.Fatalf("%d bare requests stored", n)
	}
}

// TestHistoryEnforcementKeepsTheModelPaths: edits (with new VLANs),
// decisions and a stale edit behave as before, with one history row per
// change.
func TestHistoryEnforcementKeepsTheModelPaths(t *testing.T) {
	t.Parallel()
	f := newHistoryFixture(t)
	r, err := models.FindRequest(f.gdb, f.req.ID)
	if err != nil {
		t.Fatal(err)
	}
	stale := *r
	r.CPUs, r.VLANs = 4, []models.VLAN{{VLANID: 20, Name: "db"}, {VLANID: 30}}
	if err := models.UpdateRequest(f.gdb, r); err != nil {
		t.Fatalf("edit: %v", err)
	}
	stale.CPUs = 8
	if err := models.UpdateRequest(f.gdb, &stale); !errors.Is(err, models.ErrConflict) {
		t.Fatalf("stale edit: err = %v, want ErrConflict", err)
	}
	for _, d := range []string{models.DecisionApprove, models.DecisionActivate} {
		if err := models.Decide(f.gdb, f.admin, r, d, ""); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
	}
	other := f.create(t, "enforced-02")
	if err := models.Decide(f.gdb, f.admin, other, models.DecisionReject, "not needed"); err != nil {
		t.Fatalf("reject: %v", err)
	}
	if got := f.state(t); got != "4  4 4 20:db,30:" {
		t.Errorf("state = %q, want cpus 4, version 4, 4 history rows, the new VLANs", got)
	}
	if n := count(t, f.db, `SELECT count(*) FROM vm_history WHERE xact_id IS NULL`); n != 0 {
		t.Errorf("%d history rows without their transaction", n)
	}
}
