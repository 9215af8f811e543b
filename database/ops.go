package database

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"

	"vmportal/config"
	"vmportal/models"
)

// The operator commands below are for scripts and for recovery when no
// admin can log in. Passwords are read from standard input, never from the
// command line (argv is visible to every user in the process list).

// ErrChainBroken is returned by verify-audit when the hash chain does not
// match, so the command exits non-zero.
var ErrChainBroken = errors.New("audit chain broken")

// opsActor is who the commands act as in the audit trail.
var opsActor = models.Actor{Username: "system (command line)"}

// RunCreateUser is the create-user command:
//
//	vmportal create-user --username NAME --full-name "Full Name" --email E --role admin|user < password
func RunCreateUser(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("create-user", flag.ContinueOnError)
	in := models.UserInput{}
	fs.StringVar(&in.Username, "username", "", "login name (required)")
	fs.StringVar(&in.FullName, "full-name", "", "full name (required)")
	fs.StringVar(&in.Email, "email", "", "email address (required)")
	fs.StringVar(&in.Role, "role", models.RoleUser, "admin or user")
	if err := fs.Parse(args); err != nil {
		return err
	}
	password, err := readPassword(stdin, stdout, "Password for "+in.Username+": ")
	if err != nil {
		return err
	}
	in.Password = password
	return withDB(ctx, cfg, log, func(db *DB) error {
		u, err := models.CreateUser(db.Gorm.WithContext(models.WithActor(ctx, opsActor)), in, cfg.BcryptCost)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s user %s (id %d)\n", u.Role, u.Username, u.ID)
		return nil
	})
}

// RunSetPassword is the set-password command; the user's sessions end:
//
//	vmportal set-password --username NAME < password
func RunSetPassword(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("set-password", flag.ContinueOnError)
	username := fs.String("username", "", "login name (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New("set-password: --username is required")
	}
	password, err := readPassword(stdin, stdout, "New password for "+*username+": ")
	if err != nil {
		return err
	}
	return withDB(ctx, cfg, log, func(db *DB) error {
		gdb := db.Gorm.WithContext(models.WithActor(ctx, opsActor))
		u, err := models.FindUserByUsername(gdb, *username)
		if err != nil {
			return fmt.Errorf("set-password: user %q: %w", *username, err)
		}
		if err := models.SetPassword(gdb, u.ID, password, cfg.BcryptCost, "set by command"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions have ended\n", u.Username)
		return nil
	})
}

// RunVerifyAudit is the verify-audit command: it walks the audit trail's
// hash chain and reports the first row that does not match.
func RunVerifyAudit(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
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

// readPassword reads one line from stdin; on a terminal it prompts and
// does not echo.
func readPassword(stdin io.Reader, prompt io.Writer, question string) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, question)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		return string(b), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
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
