package notify

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"gorm.io/gorm"

	"vmportal/config"
	"vmportal/database"
)

// Queue puts notifications on River's queue. GORM runs on database/sql
// (pgx's stdlib adapter), so the jobs of a change are inserted through
// River's database/sql driver on the change's own *sql.Tx: they commit or
// roll back with it. Queue only inserts; Workers send.
type Queue struct {
	db       *database.DB
	inserter *river.Client[*sql.Tx]
	mailOn   bool
	log      *slog.Logger
}

// NewQueue prepares the insert side of the queue on db. Mail jobs are
// queued only when cfg has an SMTP relay; without one the start logs
// "mail is off" once, and everything else works as before.
func NewQueue(db *database.DB, cfg config.Notify, log *slog.Logger) (*Queue, error) {
	sqlDB, err := db.Gorm.DB()
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	inserter, err := river.NewClient(riverdatabasesql.New(sqlDB), &river.Config{
		Logger: log, MaxAttempts: MaxAttempts(),
	})
	if err != nil {
		return nil, fmt.Errorf("notify: river client: %w", err)
	}
	return &Queue{db: db, inserter: inserter, mailOn: cfg.MailOn(), log: log}, nil
}

// insert adds jobs in tx, the transaction of the change they report.
func (q *Queue) insert(tx *gorm.DB, jobs []river.InsertManyParams) error {
	if len(jobs) == 0 {
		return nil
	}
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		// Not in a transaction: make one, so the jobs go in together.
		return tx.Transaction(func(tx *gorm.DB) error { return q.insert(tx, jobs) })
	}
	if _, err := q.inserter.InsertManyTx(tx.Statement.Context, sqlTx, jobs); err != nil {
		return fmt.Errorf("notify: queue %d jobs: %w", len(jobs), err)
	}
	return nil
}

// SendTest queues a ping to one webhook ("Send test"), by actor.
func (q *Queue) SendTest(ctx context.Context, webhookID int64, actor string) error {
	job, err := webhookJob(webhookID, Payload{Event: pingEvent, OccurredAt: q.db.Gorm.NowFunc(),
		Actor: PayloadActor{Username: actor}})
	if err != nil {
		return err
	}
	return q.insert(q.db.Gorm.WithContext(ctx), []river.InsertManyParams{job})
}

// newID is a fresh random identifier for an event or a delivery.
func newID() string { return uuid.NewString() }
