package models

import (
	"database/sql"
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
	rows, err := ScanAll[StatusCount](db.Raw("SELECT status, n FROM vm_request_counts_by_owner WHERE created_by_id = ?", ownerID))
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
// months ending with the one holding now, the counts per status. The
// database adds up the totals and leaves out older months, so at most
// (months + 1) × statuses rows come back, read without reflection: with
// GORM's struct scanning this was a quarter of the dashboard's CPU.
func CountAllRequests(db *gorm.DB, now time.Time, months int) (*RequestCounts, error) {
	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	first := last.AddDate(0, 1-months, 0)
	out := &RequestCounts{Months: make([]MonthCounts, months)}
	for i := range out.Months {
		out.Months[i] = MonthCounts{Month: first.AddDate(0, i, 0), Counts: make([]int64, len(Statuses))}
	}
	// The totals come with no month.
	rows, err := db.Raw(`SELECT NULL::date, status, sum(n)::bigint FROM vm_request_counts_by_month GROUP BY status
		UNION ALL
		SELECT month, status, n FROM vm_request_counts_by_month WHERE month >= ?`, first).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: count requests per month: %w", err)
	}
	defer rows.Close()
	totals := map[string]int64{}
	for rows.Next() {
		var month sql.NullTime
		var status string
		var n int64
		if err := rows.Scan(&month, &status, &n); err != nil {
			return nil, fmt.Errorf("models: count requests per month: %w", err)
		}
		if !month.Valid {
			totals[status] += n
			continue
		}
		m := month.Time.UTC()
		i := (m.Year()-first.Year())*12 + int(m.Month()-first.Month())
		s := slices.Index(Statuses, status)
		if i < 0 || i >= months || s < 0 {
			continue
		}
		out.Months[i].Counts[s] += n
		out.Months[i].Total += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: count requests per month: %w", err)
	}
	out.ByStatus = inStatusOrder(totals)
	return out, nil
}

// OldestPending returns the n Pending requests waiting longest (lowest id
// first: an index range scan of (status, id)).
func OldestPending(db *gorm.DB, n int) ([]*VMRequest, error) {
	rows, err := ScanAll[VMRequest](db.Model(&VMRequest{}).Select("id, vm_name, requestor_name, request_date, created_at").
		Where("status = ?", StatusPending).Order("id").Limit(n))
	if err != nil {
		return nil, fmt.Errorf("models: oldest pending requests: %w", err)
	}
	out := make([]*VMRequest, len(rows))
	for i := range rows {
		out[i] = &rows[i]
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
