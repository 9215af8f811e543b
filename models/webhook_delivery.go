package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// WebhookDelivery is one attempt to deliver an event to a webhook: the
// answer's status code (nil when none came) or the error, and when.
type WebhookDelivery struct {
	ID          int64
	WebhookID   int64
	DeliveryID  string // X-VMPortal-Delivery, the same for every retry
	Event       string
	Attempt     int
	StatusCode  *int
	Error       string
	DurationMS  int
	AttemptedAt time.Time
}

// OK reports whether the attempt was answered with a 2xx status.
func (d *WebhookDelivery) OK() bool {
	return d.StatusCode != nil && *d.StatusCode >= 200 && *d.StatusCode < 300
}

// RecordDelivery appends one attempt to the deliveries log.
func RecordDelivery(db *gorm.DB, d *WebhookDelivery) error {
	if err := db.Create(d).Error; err != nil {
		return fmt.Errorf("models: record delivery %s to webhook %d: %w", d.DeliveryID, d.WebhookID, err)
	}
	return nil
}

// MaxDeliveriesShown bounds the deliveries page.
const MaxDeliveriesShown = 100

// RecentDeliveries returns a webhook's latest attempts, newest first.
func RecentDeliveries(db *gorm.DB, webhookID int64) ([]WebhookDelivery, error) {
	var ds []WebhookDelivery
	err := db.Where("webhook_id = ?", webhookID).Order("id DESC").Limit(MaxDeliveriesShown).Find(&ds).Error
	if err != nil {
		return nil, fmt.Errorf("models: deliveries of webhook %d: %w", webhookID, err)
	}
	return ds, nil
}

// PruneDeliveries deletes the attempts made before before and returns how
// many there were.
func PruneDeliveries(db *gorm.DB, before time.Time) (int64, error) {
	res := db.Where("attempted_at < ?", before).Delete(&WebhookDelivery{})
	if res.Error != nil {
		return 0, fmt.Errorf("models: prune webhook deliveries: %w", res.Error)
	}
	return res.RowsAffected, nil
}
