// Command vmportal is the VM request portal: one binary whose first
// argument picks what to do (serve, the default, init-db, …; see the
// command table in commands.go). Settings come from the environment; see
// config and README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"vmportal/config"
)

func main() {
	name, args := commands[0].name, []string{}
	if len(os.Args) > 1 {
		name, args = os.Args[1], os.Args[2:]
	}
	cmd, ok := findCommand(name)
	if !ok {
		fmt.Fprint(os.Stderr, usage())
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
	err = cmd.run(ctx, args, cmdEnv{cfg: cfg, log: log, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		log.Error(name+" failed", "err", err)
		os.Exit(1)
	}
}
