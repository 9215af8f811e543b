package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"vmportal/config"
	"vmportal/database"
)

// shutdownGrace is how long in-flight requests may take to finish after
// SIGTERM before the server closes their connections.
const shutdownGrace = 20 * time.Second

// Serve connects to the database, checks that init-db has run, and serves
// the portal on cfg.ListenAddr until ctx ends (SIGTERM or SIGINT), then
// stops accepting connections and lets in-flight requests finish.
func Serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	db, err := database.OpenReady(ctx, cfg.DatabaseURL, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := database.CheckSchema(ctx, db.Pool); err != nil {
		return err
	}
	stores, err := database.OpenStores(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer stores.Close()

	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("app: listen on %s: %w", cfg.ListenAddr, err)
	}
	web, err := New(cfg, db, stores, log)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- web.Listener(ln) }()
	log.Info("serving", "url", "http://"+ln.Addr().String())

	select {
	case err := <-done:
		return fmt.Errorf("app: server stopped: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	if err := web.ShutdownWithTimeout(shutdownGrace); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("app: shutdown: %w", err)
	}
	return nil
}
