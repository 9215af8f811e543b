package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"vmportal/config"
	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

// cmdFixture is a fresh test database and the config pointing at it.
type cmdFixture struct {
	cfg config.Config
	db  *database.DB
}

func newCmdFixture(t *testing.T) *cmdFixture {
	t.Helper()
	cfg := config.Defaults()
	cfg.DatabaseURL = testdb.New(t)
	db, err := database.Open(cfg.DatabaseURL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return &cmdFixture{cfg: cfg, db: db}
}

// run runs the command line args (name first) with stdin and returns its
// standard output.
func (f *cmdFixture) run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd, ok := findCommand(args[0])
	if !ok {
		t.Fatalf("no command %q", args[0])
	}
	var out bytes.Buffer
	err := cmd.run(context.Background(), args[1:], cmdEnv{cfg: f.cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		stdin: strings.NewReader(stdin), stdout: &out, stderr: io.Discard})
	return out.String(), err
}

func TestCreateUserAndSetPasswordCommands(t *testing.T) {
	t.Parallel()
	f := newCmdFixture(t)
	create := []string{"create-user", "--username", "rescue", "--full-name", "Rescue Admin", "--email", "rescue@example.com", "--role", "admin"}
	if _, err := f.run(t, "first-password-1\n", create...); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Authenticate(f.db.Gorm, "rescue", "first-password-1"); err != nil {
		t.Fatalf("created user cannot log in: %v", err)
	}
	var verr *models.ValidationError
	if _, err := f.run(t, "short\n", create...); !errors.As(err, &verr) {
		t.Fatalf("duplicate / weak password: %v", err)
	}
	if _, err := f.run(t, "second-password-2\n", "set-password", "--username", "RESCUE"); err != nil {
		t.Fatal(err)
	}
	if _, err := models.Authenticate(f.db.Gorm, "rescue", "second-password-2"); err != nil {
		t.Fatalf("new password does not work: %v", err)
	}
	if _, err := f.run(t, "", "set-password", "--username", "rescue"); err == nil {
		t.Fatal("an empty standard input set a password")
	}
	rows := 0
	f.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_log WHERE actor_username = 'system (command line)'").Scan(&rows)
	if rows != 2 {
		t.Fatalf("%d audit rows by the commands, want 2 (user.created, password.changed)", rows)
	}
}

func TestCommandsRefuseBadFlags(t *testing.T) {
	t.Parallel()
	f := newCmdFixture(t)
	for _, args := range [][]string{
		{"set-password"},                        // no --username
		{"set-password", "--user", "admin"},     // unknown flag
		{"seed-demo", "--vms", "many"},          // not a number
		{"verify-audit", "extra"},               // stray argument
		{"create-user", "--username", "x", "y"}, // stray argument
	} {
		if _, err := f.run(t, "some-password-1\n", args...); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}

func TestVerifyAuditCommand(t *testing.T) {
	t.Parallel()
	f := newCmdFixture(t)
	ctx := context.Background()
	if out, err := f.run(t, "", "verify-audit"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("clean chain: %v\n%s", err, out)
	}
	f.db.Pool.Exec(ctx, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete")
	f.db.Pool.Exec(ctx, "UPDATE audit_log SET details = '{\"role\": \"user\"}'")
	f.db.Pool.Exec(ctx, "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete")
	out, err := f.run(t, "", "verify-audit")
	if !errors.Is(err, database.ErrChainBroken) || !strings.Contains(out, "BROKEN at row") {
		t.Fatalf("tampered chain: %v\n%s", err, out)
	}
}

func TestUsageListsEveryCommandAndFlag(t *testing.T) {
	u := usage()
	for _, want := range []string{"serve", "init-db", "create-user", "--full-name", "set-password", "verify-audit", "seed-demo", "--vms"} {
		if !strings.Contains(u, want) {
			t.Errorf("usage lacks %q:\n%s", want, u)
		}
	}
}
