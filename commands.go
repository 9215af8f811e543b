package main

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

	"vmportal/app"
	"vmportal/config"
	"vmportal/database"
	"vmportal/models"
)

// cmdEnv is what a command runs with: settings, log and the standard streams.
type cmdEnv struct {
	cfg    config.Config
	log    *slog.Logger
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// runFunc runs a command once its flags are parsed.
type runFunc func(ctx context.Context, e cmdEnv) error

// command is one entry of the command table: its name, a one-line
// description (the usage text is generated from the table), and setup,
// which declares the command's flags on fs and returns what runs with them.
type command struct {
	name  string
	usage string
	setup func(fs *flag.FlagSet) runFunc
}

// commands is the command table; the first entry is the default.
var commands = []command{
	{"serve", "start the web server (default)", func(*flag.FlagSet) runFunc {
		return func(ctx context.Context, e cmdEnv) error { return app.Serve(ctx, e.cfg, e.log) }
	}},
	{"init-db", "create or upgrade the schema, seed the admin account, grant the runtime role", func(*flag.FlagSet) runFunc {
		return func(ctx context.Context, e cmdEnv) error { return database.RunInitDB(ctx, e.cfg, e.log) }
	}},
	{"create-user", "add an account; password on standard input", func(fs *flag.FlagSet) runFunc {
		in := models.UserInput{}
		fs.StringVar(&in.Username, "username", "", "login name (required)")
		fs.StringVar(&in.FullName, "full-name", "", "full name (required)")
		fs.StringVar(&in.Email, "email", "", "email address (required)")
		fs.StringVar(&in.Role, "role", models.RoleUser, "admin or user")
		return func(ctx context.Context, e cmdEnv) error {
			var err error
			if in.Password, err = readPassword(e.stdin, e.stdout, "Password for "+in.Username+": "); err != nil {
				return err
			}
			return database.AddUser(ctx, e.cfg, e.log, in, e.stdout)
		}
	}},
	{"set-password", "set an account's password and end its sessions; password on standard input", func(fs *flag.FlagSet) runFunc {
		username := fs.String("username", "", "login name (required)")
		return func(ctx context.Context, e cmdEnv) error {
			if *username == "" {
				return errors.New("set-password: --username is required")
			}
			password, err := readPassword(e.stdin, e.stdout, "New password for "+*username+": ")
			if err != nil {
				return err
			}
			return database.SetUserPassword(ctx, e.cfg, e.log, *username, password, e.stdout)
		}
	}},
	{"verify-audit", "check the audit trail's hash chain; exit 1 at the first row that does not match", func(*flag.FlagSet) runFunc {
		return func(ctx context.Context, e cmdEnv) error { return database.VerifyAudit(ctx, e.cfg, e.log, e.stdout) }
	}},
	{"seed-demo", "add demo VM requests, for trying out and benchmarks", func(fs *flag.FlagSet) runFunc {
		vms := fs.Int("vms", 1000, "number of demo VM requests to add")
		return func(ctx context.Context, e cmdEnv) error {
			return database.RunSeedDemo(ctx, e.cfg, *vms, e.stderr, e.log)
		}
	}},
}

// findCommand returns the table entry named name.
func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usage is the help text, generated from the table and its flag sets.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: vmportal [command] [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-14s %s\n", c.name, c.usage)
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.setup(fs)
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" {
				def = " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(&b, "      --%-12s %s%s\n", f.Name, f.Usage, def)
		})
	}
	b.WriteString("\nSettings come from the environment (DATABASE_URL, …; see README.md).\n")
	return b.String()
}

// run parses args with c's flags and runs it.
func (c command) run(ctx context.Context, args []string, e cmdEnv) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	run := c.setup(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments: %s", c.name, strings.Join(fs.Args(), " "))
	}
	return run(ctx, e)
}

// readPassword reads one line from stdin; on a terminal it prompts and
// does not echo. Passwords never come from argv, which every user on the
// machine can read in the process list.
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
