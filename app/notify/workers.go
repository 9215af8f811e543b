package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"vmportal/config"
	"vmportal/database"
)

// WorkerOptions tune the workers; the zero value is production's.
type WorkerOptions struct {
	// Backoff is the retry schedule (DefaultBackoff when zero).
	Backoff Backoff
	// PollInterval is how often idle workers look for due jobs (River's
	// default, 1 s, when zero). New jobs also wake them through LISTEN.
	PollInterval time.Duration
	// ID names this instance in River's tables (River picks one if empty).
	ID string
}

// maxWorkers is how many jobs one instance works at once.
const maxWorkers = 10

// Workers send queued notifications: one River client per app instance;
// instances share the jobs, River locks each to one of them.
type Workers struct {
	client *river.Client[pgx.Tx]
	log    *slog.Logger
}

// NewWorkers prepares the workers on db's pool. Without SMTP_URL they log
// "mail is off" once; webhooks work either way.
func NewWorkers(db *database.DB, cfg config.Notify, log *slog.Logger, opts WorkerOptions) (*Workers, error) {
	m, err := newMailer(cfg)
	if err != nil {
		return nil, err
	}
	if m == nil {
		log.Info("mail is off: set SMTP_URL to send notification mails")
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &mailWorker{mailer: m})
	river.AddWorker(workers, &webhookWorker{db: db.Gorm, client: webhookClient()})
	river.AddWorker(workers, &pruneWorker{db: db.Gorm})
	if opts.Backoff == (Backoff{}) {
		opts.Backoff = DefaultBackoff
	}
	client, err := river.NewClient(riverpgxv5.New(db.Pool), &river.Config{
		ID:                opts.ID,
		Logger:            log,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: maxWorkers}},
		Workers:           workers,
		RetryPolicy:       opts.Backoff,
		MaxAttempts:       MaxAttempts(),
		FetchPollInterval: opts.PollInterval,
		PeriodicJobs:      []*river.PeriodicJob{pruneDaily()},
		// REINDEX needs the tables' owner; the app runs as a role that
		// owns none (init-db's role does).
		ReindexerSchedule: river.NeverSchedule(),
	})
	if err != nil {
		return nil, fmt.Errorf("notify: river workers: %w", err)
	}
	return &Workers{client: client, log: log}, nil
}

// Start begins working jobs in the background, until Stop.
func (w *Workers) Start(ctx context.Context) error {
	if err := w.client.Start(ctx); err != nil {
		return fmt.Errorf("notify: start workers: %w", err)
	}
	return nil
}

// Stop lets the jobs in progress finish (until ctx ends) and stops
// fetching; jobs not started stay queued for the next start or another
// instance.
func (w *Workers) Stop(ctx context.Context) error {
	if err := w.client.Stop(ctx); err != nil {
		return fmt.Errorf("notify: stop workers: %w", err)
	}
	return nil
}
