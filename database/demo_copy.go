package database

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"vmportal/models"
)

// The COPY side of seed-demo: requests, VLANs, history and suggestions
// of one batch, written in one transaction.

// reserveRequestIDs takes n ids from the vm_requests sequence, ascending.
// Sequences ignore transactions, so the ids stay taken (unused) if the
// batch fails.
func reserveRequestIDs(ctx context.Context, db *DB, n int) ([]int64, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT nextval('vm_requests_id_seq') FROM generate_series(1, $1) ORDER BY 1`, n)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("reserve ids: %w", err)
	}
	return ids, nil
}

var demoRequestColumns = []string{
	"id", "vm_name", "requestor_name", "requestor_email", "primary_admin_name", "primary_admin_email",
	"secondary_admin_name", "secondary_admin_email", "request_date", "cpus", "ram_gb", "disk_gb",
	"physical_location", "virtual_host", "operating_system", "backup_required", "backup_frequency",
	"notes", "status", "created_by_id", "updated_by_id", "decided_by_id", "decided_at",
	"decision_reason", "version", "created_at", "updated_at",
}

func copyDemoRequests(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"vm_requests"}, demoRequestColumns,
		pgx.CopyFromSlice(len(reqs), func(i int) ([]any, error) {
			r := reqs[i]
			return []any{r.ID, r.VMName, r.RequestorName, r.RequestorEmail, r.PrimaryAdminName, r.PrimaryAdminEmail,
				r.SecondaryAdminName, r.SecondaryAdminEmail, r.RequestDate, r.CPUs, r.RAMGB, r.DiskGB,
				r.PhysicalLocation, r.VirtualHost, r.OperatingSystem, r.BackupRequired, r.BackupFrequency,
				r.Notes, r.Status, r.CreatedByID, r.UpdatedByID, r.DecidedByID, r.DecidedAt,
				r.DecisionReason, r.Version, r.CreatedAt, r.UpdatedAt}, nil
		}))
	if err != nil {
		return 0, fmt.Errorf("copy vm_requests: %w", err)
	}
	return n, nil
}

func copyDemoVLANs(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	var rows [][]any
	for _, r := range reqs {
		for _, v := range r.VLANs {
			rows = append(rows, []any{r.ID, v.Position, v.VLANID, v.Name})
		}
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"vm_vlans"},
		[]string{"vm_request_id", "position", "vlan_id", "name"}, pgx.CopyFromRows(rows))
	if err != nil {
		return 0, fmt.Errorf("copy vm_vlans: %w", err)
	}
	return n, nil
}

// copyDemoHistory records each request's history as the workflow would
// have written it: the original submission (Pending, version 1) by its
// creator, then one "updated" row per decision by the admin.
func copyDemoHistory(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	var rows [][]any
	for _, r := range reqs {
		hs, err := demoHistory(r)
		if err != nil {
			return 0, err
		}
		rows = append(rows, hs...)
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"vm_history"},
		[]string{"vm_request_id", "kind", "version", "snapshot", "changes", "changed_by_id", "changed_at"},
		pgx.CopyFromRows(rows))
	if err != nil {
		return 0, fmt.Errorf("copy vm_history: %w", err)
	}
	return n, nil
}

// demoHistory replays r's workflow from its submission to its final status.
func demoHistory(r *models.VMRequest) ([][]any, error) {
	steps := map[string][]string{
		models.StatusPending:        nil,
		models.StatusApproved:       {models.StatusApproved},
		models.StatusRejected:       {models.StatusRejected},
		models.StatusActive:         {models.StatusApproved, models.StatusActive},
		models.StatusCancelled:      {models.StatusCancelled},
		models.StatusDecommissioned: {models.StatusApproved, models.StatusActive, models.StatusDecommissioned},
	}[r.Status]
	state := *r
	state.Status, state.DecisionReason, state.Version = models.StatusPending, "", 1
	row := func(kind string, version int, snap models.Snapshot, changes []models.Change, by int64, at time.Time) ([]any, error) {
		s, err := json.Marshal(snap)
		if err != nil {
			return nil, err
		}
		c, err := json.Marshal(changes)
		if err != nil {
			return nil, err
		}
		return []any{r.ID, kind, version, s, c, by, at}, nil
	}
	first, err := row(models.HistoryCreated, 1, state.Snapshot(), []models.Change{}, r.CreatedByID, r.CreatedAt)
	if err != nil {
		return nil, err
	}
	out := [][]any{first}
	for i, status := range steps {
		before := state.Snapshot()
		state.Status, state.Version = status, state.Version+1
		if i == len(steps)-1 { // the ending's reason, if any, comes with the last step
			state.DecisionReason = r.DecisionReason
		}
		at := r.UpdatedAt.Add(time.Duration(i-len(steps)+1) * time.Hour) // the last step is the latest
		h, err := row(models.HistoryUpdated, before.Version(), before, models.Diff(before, state.Snapshot()), r.UpdatedByID, at)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	if state.Version != r.Version {
		return nil, fmt.Errorf("demo request %d: version %d after its history, stored %d", r.ID, state.Version, r.Version)
	}
	return out, nil
}

// insertDemoSuggestions offers every location, host and OS the batch uses.
func insertDemoSuggestions(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	seen := map[[2]string]bool{}
	var fields, values []string
	add := func(field, value string) {
		if k := [2]string{field, value}; !seen[k] {
			seen[k] = true
			fields, values = append(fields, field), append(values, value)
		}
	}
	for _, r := range reqs {
		add("physical_location", r.PhysicalLocation)
		add("virtual_host", r.VirtualHost)
		add("operating_system", r.OperatingSystem)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO vm_suggestions (field, value)
		SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, fields, values)
	if err != nil {
		return 0, fmt.Errorf("insert vm_suggestions: %w", err)
	}
	return tag.RowsAffected(), nil
}
