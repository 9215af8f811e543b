package database_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"vmportal/config"
	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

func opsConfig(t *testing.T) (config.Config, *database.DB) {
	t.Helper()
	cfg := config.Defaults()
	cfg.DatabaseURL = testdb.New(t)
	db, err := database.Open(cfg.DatabaseURL, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return cfg, db
}

func TestCreateUserAndSetPasswordCommands(t *testing.T) {
	t.Parallel()
	cfg, db := opsConfig(t)
	ctx := context.Background()
	var out bytes.Buffer
	args := []string{"--username", "rescue", "--full-name", "Rescue Admin", "--email", "rescue@example.com", "--role", "admin"}
	if err := database.RunCreateUser(ctx, cfg, quiet, args, strings.NewReader("first-password-1\n"), &out); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Authenticate(db.Gorm, "rescue", "first-password-1"); err != nil {
		t.Fatalf("created user cannot log in: %v", err)
	}
	var verr *models.ValidationError
	if err := database.RunCreateUser(ctx, cfg, quiet, args, strings.NewReader("short\n"), &out); !errors.As(err, &verr) {
		t.Fatalf("duplicate / weak password: %v", err)
	}
	if err := database.RunSetPassword(ctx, cfg, quiet, []string{"--username", "RESCUE"}, strings.NewReader("second-password-2\n"), &out); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Authenticate(db.Gorm, "rescue", "second-password-2"); err != nil {
		t.Fatalf("new password does not work: %v", err)
	}
	if err := database.RunSetPassword(ctx, cfg, quiet, []string{"--username", "rescue"}, strings.NewReader(""), &out); err == nil {
		t.Fatal("an empty standard input set a password")
	}
	rows := 0
	db.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE actor_username = 'system (command line)'").Scan(&rows)
	if rows != 2 {
		t.Fatalf("%d audit rows by the commands, want 2 (user.created, password.changed)", rows)
	}
}

func TestVerifyAuditCommand(t *testing.T) {
	t.Parallel()
	cfg, db := opsConfig(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := database.RunVerifyAudit(ctx, cfg, quiet, &out); err != nil || !strings.Contains(out.String(), "intact") {
		t.Fatalf("clean chain: %v\n%s", err, out.String())
	}
	db.Pool.Exec(ctx, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete")
	db.Pool.Exec(ctx, "UPDATE audit_log SET details = '{\"role\": \"user\"}'")
	db.Pool.Exec(ctx, "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete")
	out.Reset()
	err := database.RunVerifyAudit(ctx, cfg, quiet, &out)
	if !errors.Is(err, database.ErrChainBroken) || !strings.Contains(out.String(), "BROKEN at row") {
		t.Fatalf("tampered chain: %v\n%s", err, out.String())
	}
}
