package apptest

import (
	"context"
	"time"

	"vmportal/app/notify"
)

// StartWorkers runs a notification worker client on e's database, as one
// app instance's serve does, until the test ends.
func (e *Env) StartWorkers(opts notify.WorkerOptions) *notify.Workers {
	e.T.Helper()
	w, err := notify.NewWorkers(e.DB, e.Cfg.Notify, e.Log, opts)
	if err != nil {
		e.T.Fatalf("apptest: notification workers: %v", err)
	}
	if err := w.Start(context.Background()); err != nil {
		e.T.Fatalf("apptest: %v", err)
	}
	e.T.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = w.Stop(ctx)
	})
	return w
}
