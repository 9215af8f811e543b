package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"vmportal/models"
)

// pingEvent is what "Send test" sends.
const pingEvent = models.EventPing

// Event is something that happened to a request.
type Event struct {
	// Name is one of models.WebhookEvents (request.created, …).
	Name      string
	RequestID int64
	// ActorID and Actor are who caused it (Actor is the username).
	ActorID    int64
	Actor      string
	OccurredAt time.Time
	// Text is a comment's text (request.commented); decisions' reasons and
	// notes are read from the request itself.
	Text string
}

// hookName is the GORM callback that turns audit rows into events.
const hookName = "notify:audit"

// Attach makes every request.* audit row written through gdb queue its
// notifications in the same transaction. The audit trail is where every
// change of a request is recorded (by the models' callbacks, for any code
// path), so hooking it means no path can change a request without its
// notifications, and a rolled-back change leaves neither. Attaching again
// (another app on the same handle) replaces the hook.
func (q *Queue) Attach(gdb *gorm.DB) error {
	create := gdb.Callback().Create()
	if create.Get(hookName) != nil {
		return create.Replace(hookName, q.onAudit)
	}
	return create.After("gorm:after_create").Register(hookName, q.onAudit)
}

// onAudit queues the event of a request audit row, if it is one.
func (q *Queue) onAudit(tx *gorm.DB) {
	entry, ok := tx.Statement.Dest.(*models.AuditEntry)
	if !ok || tx.Error != nil || entry.ObjectType != "vm_request" {
		return
	}
	name := eventName(entry.Action)
	if !slices.Contains(models.WebhookEvents, name) {
		return
	}
	id, err := strconv.ParseInt(entry.ObjectID, 10, 64)
	if err != nil {
		_ = tx.AddError(fmt.Errorf("notify: audit row for request %q: %w", entry.ObjectID, err))
		return
	}
	ev := Event{Name: name, RequestID: id, Actor: entry.ActorUsername, OccurredAt: entry.OccurredAt}
	if entry.ActorID != nil {
		ev.ActorID = *entry.ActorID
	}
	if text, ok := entry.Details["comment"].(string); ok { // a comment's audit row carries its text
		ev.Text = text
	}
	err = q.Enqueue(tx.Session(&gorm.Session{NewDB: true}), ev)
	if errors.Is(err, models.ErrNotFound) {
		// An audit row about a request that is not there (written by hand,
		// not by a change): nothing to tell anyone, and no reason to fail
		// the audit.
		q.log.Warn("notify: audit row for a missing request", "action", ev.Name, "request", id)
		return
	}
	if err != nil {
		_ = tx.AddError(err)
	}
}

// eventName is the event an audit action on a request is: itself, except
// a restored version, which is a change of the request like any edit
// (request.updated) to the webhooks that follow changes.
func eventName(action string) string {
	if action == models.ActionRequestRestored {
		return models.ActionRequestUpdated
	}
	return action
}

// Enqueue queues ev's mails and webhook deliveries in tx. Request events
// that are audited (every change through the models) are queued by the
// audit hook already; call Enqueue only for an event that is not.
func (q *Queue) Enqueue(tx *gorm.DB, ev Event) error {
	r, err := models.FindRequest(tx, ev.RequestID)
	if err != nil {
		return fmt.Errorf("notify: %s: %w", ev.Name, err)
	}
	eventID := newID()
	var jobs []river.InsertManyParams
	if q.mailOn {
		mails, err := mailJobs(tx, ev, eventID, r)
		if err != nil {
			return err
		}
		jobs = append(jobs, mails...)
	}
	hooks, err := models.ActiveWebhooksFor(tx, ev.Name)
	if err != nil {
		return err
	}
	if len(hooks) > 0 {
		payload := Payload{Event: ev.Name, OccurredAt: ev.OccurredAt, Actor: PayloadActor{Username: ev.Actor},
			Request: requestJSON(r)}
		for _, h := range hooks {
			job, err := webhookJob(h.ID, payload)
			if err != nil {
				return err
			}
			jobs = append(jobs, job)
		}
	}
	return q.insert(tx, jobs)
}

// mailJobs makes one mail job per recipient of ev.
func mailJobs(tx *gorm.DB, ev Event, eventID string, r *models.VMRequest) ([]river.InsertManyParams, error) {
	var to []models.Recipient
	var err error
	switch ev.Name {
	case models.ActionRequestCreated:
		to, err = models.AdminRecipients(tx)
	case models.ActionRequestApproved, models.ActionRequestRejected, models.ActionRequestActive,
		models.ActionRequestCancelled, models.ActionRequestDecommissioned:
		to, err = models.DecisionRecipients(tx, r)
	case models.ActionRequestCommented:
		to, err = models.CommentRecipients(tx, r, ev.ActorID)
	default: // request.updated: webhooks only
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("notify: recipients of %s: %w", ev.Name, err)
	}
	text := ev.Text
	switch ev.Name {
	case models.ActionRequestApproved:
		text = r.DecisionNote
	case models.ActionRequestRejected, models.ActionRequestCancelled, models.ActionRequestDecommissioned:
		text = r.DecisionReason
	}
	jobs := make([]river.InsertManyParams, len(to))
	for i, rc := range to {
		jobs[i] = river.InsertManyParams{Args: MailArgs{
			EventID: eventID, Event: ev.Name, RequestID: r.ID, VMName: r.VMName, Status: r.Status,
			Actor: ev.Actor, Text: text, OccurredAt: ev.OccurredAt, To: rc.Email, ToName: rc.Name, Lang: rc.Language,
		}}
	}
	return jobs, nil
}

// webhookJob makes the delivery of payload to one webhook.
func webhookJob(webhookID int64, payload Payload) (river.InsertManyParams, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return river.InsertManyParams{}, fmt.Errorf("notify: encode %s: %w", payload.Event, err)
	}
	return river.InsertManyParams{Args: WebhookArgs{
		WebhookID: webhookID, DeliveryID: newID(), Event: payload.Event, Body: body,
	}}, nil
}

// requestJSON is the request as webhooks carry it: every described field
// by key (as the API and the history write them), its id and version.
func requestJSON(r *models.VMRequest) map[string]any {
	out := map[string]any{}
	b, err := json.Marshal(r.Snapshot())
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil { // cannot happen: the snapshot is plain data
		out = map[string]any{}
	}
	out["id"] = r.ID
	out["created_at"] = r.CreatedAt
	out["updated_at"] = r.UpdatedAt
	return out
}
