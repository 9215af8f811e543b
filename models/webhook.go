package models

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"vmportal/i18n"
)

// EventPing is the event "Send test" sends. The request events a webhook
// may subscribe to are audit actions (WebhookEvents).
const EventPing = "ping"

// WebhookEvents lists the events a webhook may subscribe to, in the order
// the form offers them.
var WebhookEvents = []string{
	ActionRequestCreated, ActionRequestUpdated, ActionRequestApproved, ActionRequestRejected,
	ActionRequestActive, ActionRequestCancelled, ActionRequestDecommissioned, ActionRequestCommented,
}

// Audit actions of webhook administration.
const (
	ActionWebhookCreated = "webhook.created"
	ActionWebhookChanged = "webhook.changed"
	ActionWebhookDeleted = "webhook.deleted"
)

// Webhook is a receiver of signed event POSTs (provisioning automation).
type Webhook struct {
	ID        int64
	URL       string
	Secret    string
	Events    EventList
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Wants reports whether w subscribes to event.
func (w *Webhook) Wants(event string) bool { return w.Events.Has(event) }

// EventList is a webhook's events, stored as a PostgreSQL text[].
type EventList []string

// Has reports whether the list holds event.
func (l EventList) Has(event string) bool { return slices.Contains(l, event) }

// Value writes the list as an array literal; event names are plain words
// with dots, chosen from WebhookEvents, so they need no quoting.
func (l EventList) Value() (driver.Value, error) {
	return "{" + strings.Join(l, ",") + "}", nil
}

// Scan reads an array literal of plain words.
func (l *EventList) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("models: scan event list from %T", src)
	}
	s = strings.Trim(s, "{}")
	*l = EventList{}
	if s != "" {
		for _, e := range strings.Split(s, ",") {
			*l = append(*l, strings.Trim(e, `"`))
		}
	}
	return nil
}

// Validate checks the webhook's URL (http or https, with a host), secret
// and events, keyed by the form's field names.
func (w *Webhook) Validate() FieldErrors {
	fe := FieldErrors{}
	w.URL = strings.TrimSpace(w.URL)
	u, err := url.Parse(w.URL)
	switch {
	case w.URL == "":
		fe.Add("url", i18n.M("webhooks.url_required"))
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		fe.Add("url", i18n.M("webhooks.url_scheme"))
	case len(w.URL) > 2000:
		fe.Add("url", i18n.M("webhooks.url_long", "Max", 2000))
	}
	switch n := len(w.Secret); {
	case strings.TrimSpace(w.Secret) == "":
		fe.Add("secret", i18n.M("webhooks.secret_required"))
	case n > 200:
		fe.Add("secret", i18n.M("webhooks.secret_long", "Max", 200))
	}
	if len(w.Events) == 0 {
		fe.Add("events", i18n.M("webhooks.events_required"))
	}
	for _, e := range w.Events {
		if !slices.Contains(WebhookEvents, e) {
			fe.Add("events", i18n.M("webhooks.event_unknown", "Event", e))
		}
	}
	return fe
}

// ListWebhooks returns every webhook, oldest first (a handful at most).
func ListWebhooks(db *gorm.DB) ([]Webhook, error) {
	var ws []Webhook
	if err := db.Order("id").Find(&ws).Error; err != nil {
		return nil, fmt.Errorf("models: list webhooks: %w", err)
	}
	return ws, nil
}

// ActiveWebhooksFor returns the active webhooks subscribed to event.
func ActiveWebhooksFor(db *gorm.DB, event string) ([]Webhook, error) {
	var ws []Webhook
	if err := db.Where("active AND ? = ANY(events)", event).Order("id").Find(&ws).Error; err != nil {
		return nil, fmt.Errorf("models: webhooks for %s: %w", event, err)
	}
	return ws, nil
}

// FindWebhook loads one webhook, or ErrNotFound.
func FindWebhook(db *gorm.DB, id int64) (*Webhook, error) {
	var w Webhook
	err := db.Take(&w, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: find webhook %d: %w", id, err)
	}
	return &w, nil
}

// SaveWebhook validates w and creates it (ID 0) or updates it, with its
// audit row in the same transaction. The secret never enters the trail.
func SaveWebhook(db *gorm.DB, w *Webhook) error {
	if fe := w.Validate(); len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	action := ActionWebhookChanged
	if w.ID == 0 {
		action = ActionWebhookCreated
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var err error
		if w.ID == 0 {
			err = tx.Create(w).Error
		} else {
			res := tx.Model(w).Select("url", "secret", "events", "active", "updated_at").Updates(w)
			if err = res.Error; err == nil && res.RowsAffected == 0 {
				err = ErrNotFound
			}
		}
		if err != nil {
			return fmt.Errorf("models: save webhook: %w", err)
		}
		return RecordAudit(tx, action, webhookObject(w.ID), map[string]any{
			"url": w.URL, "events": []string(w.Events), "active": w.Active,
		})
	})
}

// DeleteWebhook removes a webhook and its delivery log, audited.
func DeleteWebhook(db *gorm.DB, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		w, err := FindWebhook(tx, id)
		if err != nil {
			return err
		}
		if err := tx.Delete(&Webhook{}, id).Error; err != nil {
			return fmt.Errorf("models: delete webhook %d: %w", id, err)
		}
		return RecordAudit(tx, ActionWebhookDeleted, webhookObject(id), map[string]any{"url": w.URL})
	})
}

func webhookObject(id int64) AuditObject {
	return AuditObject{Type: "webhook", ID: strconv.FormatInt(id, 10)}
}
