package notify

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"vmportal/models"
)

// deliveryRetention is how long the deliveries log keeps an attempt.
const deliveryRetention = 90 * 24 * time.Hour

// PruneArgs is the daily clean-up of the deliveries log.
type PruneArgs struct{}

// Kind names the clean-up jobs in River's table.
func (PruneArgs) Kind() string { return "notify_prune_deliveries" }

// pruneWorker deletes delivery attempts older than deliveryRetention.
type pruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	db *gorm.DB
}

// Work deletes the old attempts.
func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	_, err := models.PruneDeliveries(w.db.WithContext(ctx), time.Now().Add(-deliveryRetention))
	return err
}

// pruneDaily schedules the clean-up once a day (and at start), run by
// whichever instance River's leader election picks.
func pruneDaily() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return PruneArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}
