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

// CountCap is where request counts stop: a page shows "1000+" rather than
// paying for counting every one of a large backlog.
const CountCap = 1000

// CountRequestsWithStatus counts the requests in status up to CountCap
// (an index-only scan of at most that many entries of (status, id)). It
// returns CountCap+1 when there are more.
func CountRequestsWithStatus(db *gorm.DB, status string) (int64, error) {
	var n int64
	capped := db.Table("vm_requests").Select("1").Where("status = ?", status).Limit(CountCap + 1)
	if err := db.Table("(?) AS capped", capped).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("models: count %s requests: %w", status, err)
	}
	return n, nil
}
