package notify

import (
	"encoding/json"
	"time"
)

// MailArgs is one mail to one recipient about one event. Everything the
// mail says is in it, so sending needs no database read.
type MailArgs struct {
	EventID    string    `json:"event_id"` // the same for every recipient of the event
	Event      string    `json:"event"`
	RequestID  int64     `json:"request_id"`
	VMName     string    `json:"vm_name"`
	Status     string    `json:"status"`
	Actor      string    `json:"actor"`
	Text       string    `json:"text,omitempty"` // the reason, note or comment
	OccurredAt time.Time `json:"occurred_at"`
	To         string    `json:"to"`
	ToName     string    `json:"to_name,omitempty"`
	// Lang is the recipient's language (an i18n tag); "" (jobs queued
	// before mails were translated, addresses of no user) is English.
	Lang string `json:"lang,omitempty"`
}

// Kind names mail jobs in River's table.
func (MailArgs) Kind() string { return "notify_mail" }

// WebhookArgs is one event for one webhook. Body is the JSON document
// POSTed (signed at each attempt with the webhook's current secret).
type WebhookArgs struct {
	WebhookID  int64           `json:"webhook_id"`
	DeliveryID string          `json:"delivery_id"` // X-VMPortal-Delivery, the same for every retry
	Event      string          `json:"event"`
	Body       json.RawMessage `json:"body"`
}

// Kind names webhook jobs in River's table.
func (WebhookArgs) Kind() string { return "notify_webhook" }

// Payload is the JSON a webhook receives.
type Payload struct {
	Event      string         `json:"event"`
	OccurredAt time.Time      `json:"occurred_at"`
	Actor      PayloadActor   `json:"actor"`
	Request    map[string]any `json:"request"`
}

// PayloadActor is who caused the event.
type PayloadActor struct {
	Username string `json:"username"`
}
