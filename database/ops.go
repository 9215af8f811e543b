package database

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"vmportal/config"
	"vmportal/models"
)

// The operator commands below are for scripts and for recovery when no
// admin can log in; package main parses their flags and reads passwords.

// ErrChainBroken is returned by verify-audit when the hash chain does not
// match, so the command exits non-zero.
var ErrChainBroken = errors.New("audit chain broken")

// opsActor is who the commands act as in the audit trail.
var opsActor = models.Actor{Username: "system (command line)"}

// AddUser creates the account in (password included) and prints its id.
func AddUser(ctx context.Context, cfg config.Config, log *slog.Logger, in models.UserInput, stdout io.Writer) error {
	return withDB(ctx, cfg, log, func(db *DB) error {
		u, err := models.CreateUser(db.Gorm.WithContext(models.WithActor(ctx, opsActor)), in, cfg.BcryptCost)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s user %s (id %d)\n", u.Role, u.Username, u.ID)
		return nil
	})
}

// SetUserPassword sets the password of username; the user's sessions end.
func SetUserPassword(ctx context.Context, cfg config.Config, log *slog.Logger, username, password string, stdout io.Writer) error {
	if username == "" {
		return errors.New("set-password: --username is required")
	}
	return withDB(ctx, cfg, log, func(db *DB) error {
		gdb := db.Gorm.WithContext(models.WithActor(ctx, opsActor))
		u, err := models.FindUserByUsername(gdb, username)
		if err != nil {
			return fmt.Errorf("set-password: user %q: %w", username, err)
		}
		if err := models.SetPassword(gdb, u.ID, password, cfg.BcryptCost, "set by command"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions have ended\n", u.Username)
		return nil
	})
}

// VerifyAudit walks the audit trail's
// hash chain and reports the first row that does not match.
func VerifyAudit(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	return withDB(ctx, cfg, log, func(db *DB) error {
		report, err := models.VerifyAuditChain(db.Gorm.WithContext(ctx))
		if err != nil {
			return err
		}
		if !report.OK() {
			fmt.Fprintf(stdout, "audit trail BROKEN at row %d: %s (%d rows checked)\n", report.BrokenAt, report.Problem, report.Rows)
			return fmt.Errorf("%w at row %d", ErrChainBroken, report.BrokenAt)
		}
		fmt.Fprintf(stdout, "audit trail intact: %d rows, head hash %s\n", report.Rows, report.HeadHash)
		return nil
	})
}

// withDB opens the database, checks the schema and runs fn.
func withDB(ctx context.Context, cfg config.Config, log *slog.Logger, fn func(*DB) error) error {
	db, err := OpenReady(ctx, cfg.DatabaseURL, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := CheckSchema(ctx, db.Pool); err != nil {
		return err
	}
	return fn(db)
}
