package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"vmportal/i18n"
)

// Job states, as River names them.
const (
	StateAvailable = "available"
	StateScheduled = "scheduled"
	StateRunning   = "running"
	StateRetryable = "retryable"
	StateDiscarded = "discarded"
	StateCancelled = "cancelled"
	StateCompleted = "completed"
)

// QueueState is what the queue page shows: how many jobs wait in each
// unfinished state, the jobs that failed (retrying or given up), and the
// latest jobs of any state.
type QueueState struct {
	Counts map[string]int64
	Failed []JobView
	Recent []JobView
}

// JobView is one notification job, in words.
type JobView struct {
	ID          int64
	Kind        string // "Mail" or "Webhook"
	KindLabel   i18n.Message
	What        i18n.Message // the event and where it goes
	State       string
	StateLabel  i18n.Message
	Attempt     int
	MaxAttempts int
	ScheduledAt time.Time
	CreatedAt   time.Time
	LastError   string
}

// Waiting reports whether the job has yet to run (its next try is due).
func (v JobView) Waiting() bool {
	return v.State == StateRetryable || v.State == StateScheduled || v.State == StateAvailable
}

// shownJobs bounds each list of the queue page.
const shownJobs = 25

// jobRow is a row of river_job as the page reads it.
type jobRow struct {
	ID          int64
	Kind        string
	State       string
	Attempt     int
	MaxAttempts int
	ScheduledAt time.Time
	CreatedAt   time.Time
	Args        []byte
	LastError   []byte
}

// State reads the queue. Counts cover unfinished jobs only (finished ones
// are deleted by River after a while), through the state index.
func (q *Queue) State(ctx context.Context) (*QueueState, error) {
	db := q.db.Gorm.WithContext(ctx)
	st := &QueueState{Counts: map[string]int64{}}
	var counts []struct {
		State string
		N     int64
	}
	err := db.Raw(`SELECT state, count(*) AS n FROM river_job WHERE state IN ? GROUP BY state`,
		[]string{StateAvailable, StateScheduled, StateRunning, StateRetryable}).Scan(&counts).Error
	if err != nil {
		return nil, fmt.Errorf("notify: queue counts: %w", err)
	}
	for _, c := range counts {
		st.Counts[c.State] = c.N
	}
	const cols = `SELECT id, kind, state, attempt, max_attempts, scheduled_at, created_at, args,
		errors[array_length(errors, 1)] AS last_error FROM river_job `
	var failed, recent []jobRow
	if err := db.Raw(cols+`WHERE state IN ? ORDER BY id DESC LIMIT ?`,
		[]string{StateRetryable, StateDiscarded}, shownJobs).Scan(&failed).Error; err != nil {
		return nil, fmt.Errorf("notify: failed jobs: %w", err)
	}
	if err := db.Raw(cols+`ORDER BY id DESC LIMIT ?`, shownJobs).Scan(&recent).Error; err != nil {
		return nil, fmt.Errorf("notify: recent jobs: %w", err)
	}
	st.Failed, st.Recent = jobViews(failed), jobViews(recent)
	return st, nil
}

func jobViews(rows []jobRow) []JobView {
	out := make([]JobView, len(rows))
	for i, r := range rows {
		v := JobView{ID: r.ID, Kind: r.Kind, State: r.State, Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
			ScheduledAt: r.ScheduledAt, CreatedAt: r.CreatedAt, StateLabel: i18n.M("queue.state_" + r.State)}
		switch r.Kind {
		case MailArgs{}.Kind():
			var a MailArgs
			_ = json.Unmarshal(r.Args, &a)
			v.Kind, v.KindLabel = "Mail", i18n.M("queue.kind_mail")
			v.What = i18n.M("queue.mail_what", "VMName", a.VMName, "Event", a.Event, "To", a.To)
		case WebhookArgs{}.Kind():
			var a WebhookArgs
			_ = json.Unmarshal(r.Args, &a)
			v.Kind, v.KindLabel = "Webhook", i18n.M("queue.kind_webhook")
			v.What = i18n.M("queue.webhook_what", "Event", a.Event, "Webhook", a.WebhookID)
		case PruneArgs{}.Kind():
			v.KindLabel, v.What = i18n.M("queue.kind_prune"), i18n.M("queue.prune_what")
		}
		var e struct {
			Error string `json:"error"`
		}
		if len(r.LastError) > 0 && json.Unmarshal(r.LastError, &e) == nil {
			v.LastError = e.Error
		}
		out[i] = v
	}
	return out
}
