package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"time"

	"vmportal/app/notify"
	"vmportal/config"
	"vmportal/database"
)

// defaultMemoryLimit is the Go runtime's soft memory limit when the
// operator has not set GOMEMLIMIT. The portal's live heap is 5–8 MiB;
// without a limit the process sits near 41–45 MiB resident under load,
// with it near 39 MiB. The collector runs more often for it: the detail
// page serves up to 8% fewer requests a second, the list page about as
// many (docs/BENCHMARKS.md); GOMEMLIMIT=off trades the memory back. It
// is soft: a larger live heap (a big CSV import) makes the collector work
// harder, never fails an allocation.
const defaultMemoryLimit = 24 << 20

// limitMemory sets defaultMemoryLimit unless GOMEMLIMIT is set (which
// the runtime has applied itself), and returns the limit in force.
func limitMemory() int64 {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	return debug.SetMemoryLimit(-1)
}

// shutdownGrace is how long in-flight requests may take to finish after
// SIGTERM before the server closes their connections.
const shutdownGrace = 20 * time.Second

// Serve connects to the database, checks that init-db has run, and serves
// the portal on cfg.ListenAddr until ctx ends (SIGTERM or SIGINT), then
// stops accepting connections and lets in-flight requests finish.
func Serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	limitMemory()
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
	workers, err := notify.NewWorkers(db, cfg.Notify, log, notify.WorkerOptions{})
	if err != nil {
		return err
	}
	// The workers outlive ctx's end on purpose: they are stopped after the
	// web server, so a change made by an in-flight request still gets sent
	// now (or stays queued for the next start).
	if err := workers.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer stopWorkers(workers, log)
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

// stopWorkers lets the jobs in progress finish, for at most shutdownGrace;
// unfinished ones are picked up again by the next start or another
// instance.
func stopWorkers(w *notify.Workers, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		log.Warn("notification workers did not stop cleanly", "error", err)
	}
	log.Info("notification workers stopped")
}
