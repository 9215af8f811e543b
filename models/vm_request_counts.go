package models

import (
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// The dashboard's figures come from two small tables that triggers on
// vm_requests keep (migration 0022): requests per owner and status, and
// per month of the Request Date and status. Reading them costs a few
// dozen rows however many requests there are.

// StatusCount is how many requests are in one status.
type StatusCount struct {
	Status string
	N      int64
}

// MonthCounts is how many requests of one month (by Request Date) are in
// each status, in Statuses order.
type MonthCounts struct {
	Month  time.Time // the first day of the month
	Counts []int64   // parallel to Statuses
	Total  int64
}

// RequestCounts are the admin dashboard's figures for all requests.
type RequestCounts struct {
	ByStatus []StatusCount // every status, in Statuses order, zeros included
	Months   []MonthCounts // the months asked for, oldest first, empty ones included
}

// InStatus returns the total of requests in status.
func (c *RequestCounts) InStatus(status string) int64 {
	for _, s := range c.ByStatus {
		if s.Status == status {
			return s.N
		}
	}
	return 0
}

// CountOwnRequests returns how many requests ownerID created, per status,
// every status in Statuses order (zeros included).
func CountOwnRequests(db *gorm.DB, ownerID int64) ([]StatusCount, error) {
	var rows []StatusCount
	err := db.Table("vm_request_counts_by_owner").Select("status, n").
		Where("created_by_id = ?", ownerID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: count requests of user %d: %w", ownerID, err)
	}
	byStatus := make(map[string]int64, len(rows))
	for _, r := range rows {
		byStatus[r.Status] += r.N
	}
	return inStatusOrder(byStatus), nil
}

// CountAllRequests returns the totals per status and, for the months
// months ending with the one holding now, the counts per status.
func CountAllRequests(db *gorm.DB, now time.Time, months int) (*RequestCounts, error) {
	var rows []struct {
		Month  time.Time
		Status string
		N      int64
	}
	// One row per month and status ever used: a few hundred at most.
	if err := db.Table("vm_request_counts_by_month").Select("month, status, n").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: count requests per month: %w", err)
	}
	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	first := last.AddDate(0, 1-months, 0)
	out := &RequestCounts{Months: make([]MonthCounts, months)}
	for i := range out.Months {
		out.Months[i] = MonthCounts{Month: first.AddDate(0, i, 0), Counts: make([]int64, len(Statuses))}
	}
	totals := map[string]int64{}
	for _, r := range rows {
		totals[r.Status] += r.N
		m := r.Month.UTC()
		i := (m.Year()-first.Year())*12 + int(m.Month()-first.Month())
		s := slices.Index(Statuses, r.Status)
		if i < 0 || i >= months || s < 0 {
			continue
		}
		out.Months[i].Counts[s] += r.N
		out.Months[i].Total += r.N
	}
	out.ByStatus = inStatusOrder(totals)
	return out, nil
}

// OldestPending returns the n Pending requests waiting longest (lowest id
// first: an index range scan of (status, id)).
func OldestPending(db *gorm.DB, n int) ([]*VMRequest, error) {
	var out []*VMRequest
	err := db.Select("id, vm_name, requestor_name, request_date, created_at").
		Where("status = ?", StatusPending).Order("id").Limit(n).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: oldest pending requests: %w", err)
	}
	return out, nil
}

// inStatusOrder lists counts for every status, in Statuses order.
func inStatusOrder(counts map[string]int64) []StatusCount {
	out := make([]StatusCount, len(Statuses))
	for i, s := range Statuses {
		out[i] = StatusCount{Status: s, N: counts[s]}
	}
	return out
}
