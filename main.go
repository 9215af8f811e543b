// Command vmportal is the VM request portal: one binary whose first
// argument picks what to do (serve, the default, init-db or seed-demo).
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

const usage = `usage: vmportal [command]

commands:
  serve     start the web server (default)
  init-db   create or upgrade the schema and seed the admin account
  seed-demo add demo VM requests, for trying out and benchmarks: --vms N (default 1000)
`

func main() {
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	command := "serve"
	if len(os.Args) > 1 {
		command = os.Args[1]
	}
	switch command {
	case "serve":
		err = app.Serve(ctx, cfg, log)
	case "init-db":
		err = database.RunInitDB(ctx, cfg, log)
	case "seed-demo":
		flags := flag.NewFlagSet("seed-demo", flag.ExitOnError)
		vms := flags.Int("vms", 1000, "number of demo VM requests to add")
		_ = flags.Parse(os.Args[2:])
		err = database.RunSeedDemo(ctx, cfg, *vms, os.Stderr, log)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		log.Error(command+" failed", "err", err)
		os.Exit(1)
	}
}
