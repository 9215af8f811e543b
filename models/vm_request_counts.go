package models

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
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

// Dashboard holds the dashboard's figures.
type Dashboard struct {
	Mine []StatusCount // the user's own requests per status, every status in Statuses order
	// For admins only (nil otherwise): every request per status and per
	// month, and the Pending requests waiting longest.
	All    *RequestCounts
	Oldest []*VMRequest
	// Hosts are the registered hosts by name with what their Approved
	// and Active requests take (admins only; none when none is
	// registered).
	Hosts []HostUsage
}

// dashboardRow is one row of ReadDashboard's statement: part says which
// figure it belongs to, and the other columns are that figure's. Counts
// per status come as one "status=n,status=n" text a row, so a month is
// one row rather than one per status.
type dashboardRow struct {
	Part          string
	Month         *time.Time
	Counts        string
	ID            int64
	VMName        string
	RequestorName string
	RequestDate   time.Time
	CreatedAt     time.Time
	HostsJSON     []byte `gorm:"column:hosts_json"`
}

// ReadDashboard reads the dashboard's figures in one statement: ownerID's
// requests per status and, with all (an admin's dashboard), the totals per
// status, the counts per status of the months months ending with the one
// holding now, and the oldest oldest Pending requests (lowest id first:
// an index range of (status, id)), and the registered hosts with their
// allocation as one JSON value (a kept row of host_allocations each).
// The counts come from the summary tables the database keeps (migration
// 0022), a few dozen rows however many requests there are; the totals
// are added up by the database.
func ReadDashboard(db *gorm.DB, ownerID int64, all bool, now time.Time, months, oldest int) (*Dashboard, error) {
	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	first := last.AddDate(0, 1-months, 0)
	sql := `SELECT 'mine' AS part, NULL::date AS month, ` + countsText + ` AS counts, NULL::bigint AS id,
			NULL::text AS vm_name, NULL::text AS requestor_name, NULL::date AS request_date, NULL::timestamptz AS created_at,
			NULL::json AS hosts_json
		FROM vm_request_counts_by_owner WHERE created_by_id = ?`
	args := []any{ownerID}
	if all {
		sql += `
		UNION ALL SELECT 'total', NULL, ` + countsText + `, NULL, NULL, NULL, NULL, NULL, NULL
		FROM (SELECT status, sum(n) AS n FROM vm_request_counts_by_month GROUP BY status) t
		UNION ALL SELECT 'month', month, ` + countsText + `, NULL, NULL, NULL, NULL, NULL, NULL
		FROM vm_request_counts_by_month WHERE month >= ? GROUP BY month
		UNION ALL (SELECT 'oldest', NULL, NULL, id, vm_name, requestor_name, request_date, created_at, NULL
		FROM vm_requests WHERE status = ? ORDER BY id LIMIT ` + strconv.Itoa(oldest) + `)
		UNION ALL SELECT 'hosts', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			(SELECT json_agg(` + hostUsageJSON + ` ORDER BY ` + registeredHostsOrder + `) ` + registeredHostsFrom + `)`
		args = append(args, first, StatusPending)
	}
	rows, err := ScanAll[dashboardRow](db.Raw(sql, args...))
	if err != nil {
		return nil, fmt.Errorf("models: dashboard figures: %w", err)
	}
	d := &Dashboard{}
	mine, totals := map[string]int64{}, map[string]int64{}
	if all {
		d.All = &RequestCounts{Months: make([]MonthCounts, months)}
		for i := range d.All.Months {
			d.All.Months[i] = MonthCounts{Month: first.AddDate(0, i, 0), Counts: make([]int64, len(Statuses))}
		}
		d.Oldest = []*VMRequest{}
	}
	for _, r := range rows {
		switch r.Part {
		case "mine":
			addCounts(mine, r.Counts)
		case "total":
			addCounts(totals, r.Counts)
		case "month":
			byStatus := map[string]int64{}
			addCounts(byStatus, r.Counts)
			for status, n := range byStatus {
				d.All.add(first, *r.Month, status, n)
			}
		case "oldest":
			d.Oldest = append(d.Oldest, &VMRequest{ID: r.ID, VMName: r.VMName, RequestorName: r.RequestorName,
				RequestDate: r.RequestDate, CreatedAt: r.CreatedAt, Status: StatusPending})
		case "hosts":
			if r.HostsJSON == nil {
				continue // none registered
			}
			if err := json.Unmarshal(r.HostsJSON, &d.Hosts); err != nil {
				return nil, fmt.Errorf("models: dashboard hosts: %w", err)
			}
		}
	}
	d.Mine = inStatusOrder(mine)
	if all {
		d.All.ByStatus = inStatusOrder(totals)
	}
	return d, nil
}

// countsText is the SQL aggregate that writes a group's counts per
// status as "status=n,status=n" (statuses hold neither "=" nor ",").
const countsText = `string_agg(status || '=' || n, ',')`

// addCounts adds the counts of a countsText value to counts.
func addCounts(counts map[string]int64, text string) {
	for _, pair := range strings.Split(text, ",") {
		status, n, _ := strings.Cut(pair, "=")
		if v, err := strconv.ParseInt(n, 10, 64); err == nil {
			counts[status] += v
		}
	}
}

// add counts n requests in status for month, when month is one of c's.
func (c *RequestCounts) add(first, month time.Time, status string, n int64) {
	m := month.UTC()
	i := (m.Year()-first.Year())*12 + int(m.Month()-first.Month())
	s := slices.Index(Statuses, status)
	if i < 0 || i >= len(c.Months) || s < 0 {
		return
	}
	c.Months[i].Counts[s] += n
	c.Months[i].Total += n
}

// inStatusOrder lists counts for every status, in Statuses order.
func inStatusOrder(counts map[string]int64) []StatusCount {
	out := make([]StatusCount, len(Statuses))
	for i, s := range Statuses {
		out[i] = StatusCount{Status: s, N: counts[s]}
	}
	return out
}
