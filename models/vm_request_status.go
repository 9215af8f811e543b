package models

import (
	"fmt"

	"gorm.io/gorm"
)

// Request statuses (SPEC §3).
const (
	StatusPending  = "Pending"
	StatusApproved = "Approved"
	StatusRejected = "Rejected"
	StatusActive   = "Active"
)

// CountRequestsWithStatus counts the requests in status, using the index
// on (status, id).
func CountRequestsWithStatus(db *gorm.DB, status string) (int64, error) {
	var n int64
	if err := db.Table("vm_requests").Where("status = ?", status).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("models: count %s requests: %w", status, err)
	}
	return n, nil
}
