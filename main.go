// Command vmportal is the VM request portal: one binary whose first
// argument picks what to do (serve, the default, or init-db). Settings come
// from the environment; see config and README.md.
package main

import (
	"context"
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
