package database_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"vmportal/app/apptest"
	"vmportal/config"
	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

// TestRuntimeRoleHasLeastPrivilege: init-db as the owner (MIGRATION_DATABASE_URL)
// grants a separate runtime role (DATABASE_URL) what the app does, and
// nothing that could rewrite the trails or the schema.
func TestRuntimeRoleHasLeastPrivilege(t *testing.T) {
	t.Parallel()
	role, password := testdb.NewRole(t) // first: dropped after the database
	ownerURL := testdb.NewEmpty(t)
	cfg := config.Defaults()
	cfg.MigrationDatabaseURL = ownerURL
	cfg.DatabaseURL = testdb.WithUser(ownerURL, role, password)
	ctx := context.Background()
	for range 2 { // the second run re-grants without error
		if err := database.RunInitDB(ctx, cfg, quiet); err != nil {
			t.Fatalf("init-db: %v", err)
		}
	}
	runtime := testdb.Pool(t, cfg.DatabaseURL)
	if _, err := runtime.Exec(ctx, `INSERT INTO audit_log (action, actor_username) VALUES ('login', 'x')`); err != nil {
		t.Fatalf("runtime role cannot append to the audit trail: %v", err)
	}
	// The notification queue: River's jobs are the app's to insert, work
	// and clean up; River's schema version is init-db's.
	for _, sql := range []string{
		`INSERT INTO river_job (args, kind, max_attempts) VALUES ('{}', 'notify_mail', 30)`,
		`UPDATE river_job SET state = 'completed', finalized_at = now()`,
		`DELETE FROM river_job`,
		`SELECT count(*) FROM river_migration`,
	} {
		if _, err := runtime.Exec(ctx, sql); err != nil {
			t.Errorf("runtime role: %s: %v", sql, err)
		}
	}
	for _, sql := range []string{
		"UPDATE audit_log SET actor_username = 'y'",
		"DELETE FROM audit_log",
		"TRUNCATE audit_log",
		"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete",
		"ALTER TABLE audit_log DISABLE TRIGGER ALL",
		"ALTER TABLE vm_requests DISABLE TRIGGER vm_requests_bump_version",
		"UPDATE vm_history SET changes = '[]'",
		"DELETE FROM vm_history",
		"DELETE FROM vm_requests",
		"DELETE FROM virtual_hosts",
		"UPDATE vm_comments SET body = 'rewritten'",
		"DELETE FROM vm_comments",
		"INSERT INTO schema_migrations (name) VALUES ('9999_mine.sql')",
		"DELETE FROM river_migration",
		"CREATE TABLE mine (id int)",
		"DROP TABLE vm_vlans",
		"ALTER TABLE users ADD COLUMN mine int",
		"SET session_replication_role = replica",
		"UPDATE vm_request_counts_by_owner SET n = 0", // kept by the owner's triggers only
		"INSERT INTO vm_request_counts_by_month (month, status, n) VALUES ('2026-01-01', 'Pending', 5)",
		"UPDATE site_keys SET key = '\\x00'", // the app reads its key, never sets it
		"DELETE FROM site_keys",
	} {
		// 42501 insufficient_privilege: refused for want of a right, not by
		// a trigger (which uses the same code, but says "append-only").
		_, err := runtime.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" || strings.Contains(pgErr.Message, "append-only") {
			t.Errorf("%s: err = %v, want permission denied", sql, err)
		}
	}
	var owned int
	if err := runtime.QueryRow(ctx, `SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole`).Scan(&owned); err != nil || owned != 0 {
		t.Errorf("runtime role owns %d relations (%v)", owned, err)
	}
	appWorksAs(t, cfg)
}

// appWorksAs runs the app on cfg's runtime role: log in, submit a request,
// approve it, and read the audit trail, whose chain stays intact.
func appWorksAs(t *testing.T, cfg config.Config) {
	t.Helper()
	env := apptest.New(t, func(c *config.Config) { c.DatabaseURL = cfg.DatabaseURL })
	env.CreateUser("alice", models.RoleUser)
	user, admin := env.Client(), env.Client()
	user.Login("alice", apptest.Password)
	admin.Login(apptest.AdminUsername, apptest.AdminPassword)
	path := user.SubmitRequest("least-01")
	user.EditRequest(path, "least-01", 1, map[string]string{"cpus": "8"})
	admin.DecideRequest(path, "approve", 2, "")
	if r := user.PostForm(path+"/comments", url.Values{"comment": {"Thanks"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("comment: %d", r.Status)
	}
	if r := admin.PostForm(path+"/restore", url.Values{"restore": {"1"}, "version": {"3"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("restore: %d", r.Status)
	}
	if r := admin.Get("/audit"); r.Status != http.StatusOK || !strings.Contains(r.Body, "least-01") {
		t.Fatalf("audit page: %d", r.Status)
	}
	// The request's counts were written by the triggers (as the owner)
	// and read by the runtime role.
	if r := user.Get("/dashboard"); r.Status != http.StatusOK ||
		!regexp.MustCompile(`data-testid="mine-Approved">\s*<span class="status-count-n">1<`).MatchString(r.Body) {
		t.Fatalf("dashboard as the runtime role: %d", r.Status)
	}
	report, err := models.VerifyAuditChain(env.DB.Gorm)
	if err != nil || !report.OK() {
		t.Fatalf("audit chain after the runtime role wrote it: %+v, %v", report, err)
	}
	var n int
	if err := env.DB.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM vm_history h JOIN vm_requests r ON r.id = h.vm_request_id WHERE r.vm_name = 'least-01'`).Scan(&n); err != nil || n != 4 {
		t.Fatalf("history rows = %d (%v), want 4", n, err)
	}
}
