// Command vmportal is the VM request portal: one binary whose first
// argument picks what to do (serve, the default, init-db, …; see usage).
// Settings come from the environment; see config and README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"vmportal/app"
	"vmportal/config"
	"vmportal/database"
)

const usage = `usage: vmportal [command] [flags]

commands:
  serve          start the web server (default)
  init-db        create or upgrade the schema and seed the admin account
  create-user    add an account: --username U --full-name N --email E --role admin|user; password on stdin
  set-password   set an account's password: --username U; password on stdin
  verify-audit   check the audit trail's hash chain; exit 1 at the first row that does not match
  seed-demo      add demo VM requests, for trying out and benchmarks: --vms N (default 1000)
`

// command runs one command with the arguments after its name.
type command func(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error

var commands = map[string]command{
	"serve": func(ctx context.Context, cfg config.Config, log *slog.Logger, _ []string) error {
		return app.Serve(ctx, cfg, log)
	},
	"init-db": func(ctx context.Context, cfg config.Config, log *slog.Logger, _ []string) error {
		return database.RunInitDB(ctx, cfg, log)
	},
	"create-user": func(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
		return database.RunCreateUser(ctx, cfg, log, args, os.Stdin, os.Stdout)
	},
	"set-password": func(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
		return database.RunSetPassword(ctx, cfg, log, args, os.Stdin, os.Stdout)
	},
	"verify-audit": func(ctx context.Context, cfg config.Config, log *slog.Logger, _ []string) error {
		return database.RunVerifyAudit(ctx, cfg, log, os.Stdout)
	},
	"seed-demo": func(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
		flags := flag.NewFlagSet("seed-demo", flag.ContinueOnError)
		vms := flags.Int("vms", 1000, "number of demo VM requests to add")
		if err := flags.Parse(args); err != nil {
			return err
		}
		return database.RunSeedDemo(ctx, cfg, *vms, os.Stderr, log)
	},
}

func main() {
	name, args := "serve", []string{}
	if len(os.Args) > 1 {
		name, args = os.Args[1], os.Args[2:]
	}
	run, ok := commands[name]
	if !ok {
		fmt.Fprint(os.Stderr, usage)
		if name == "help" || name == "-h" || name == "--help" {
			os.Exit(0)
		}
		os.Exit(2)
	}
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, log, args); err != nil {
		log.Error(name+" failed", "err", err)
		os.Exit(1)
	}
}
