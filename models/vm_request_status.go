package models

import (
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Request statuses (SPEC §3, §8).
const (
	StatusPending        = "Pending"
	StatusApproved       = "Approved"
	StatusRejected       = "Rejected"
	StatusActive         = "Active"
	StatusCancelled      = "Cancelled"
	StatusDecommissioned = "Decommissioned"
)

// nameFreeingStatuses are the statuses of a request that no longer holds
// its VM name: another request may use it. The partial unique index
// vm_requests_vm_name_live_key (migration 0014) lists the same.
var nameFreeingStatuses = []string{StatusRejected, StatusCancelled, StatusDecommissioned}

// holdsName reports whether a request in status keeps its VM name from
// other requests.
func holdsName(status string) bool { return !slices.Contains(nameFreeingStatuses, status) }

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
