package models

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
)

// RequestDetail is everything the detail page shows about a request.
type RequestDetail struct {
	Request *VMRequest
	// Original is the request as first submitted.
	Original *Snapshot
	// Updates are its changes, oldest first; each carries the state it
	// replaced only when loaded WithVersions.
	Updates []VMHistory
	// Comments are its comments, oldest first, with their authors.
	Comments []Comment
	// Names maps the ids of everyone who created, changed, decided or
	// commented on the request to their usernames.
	Names map[int64]string
	// Host is the registered host the request names, with the allocation
	// of its other Approved and Active requests; nil when the name is not
	// registered.
	Host *HostUsage
	// scope is how much of the request's past was read.
	scope DetailScope
}

// DetailScope is how much of a request's past LoadRequestDetail reads.
type DetailScope bool

const (
	// WithChanges reads what each update changed, as the detail page
	// lists it. The states the updates replaced are not read: a request
	// edited many times would otherwise cost a snapshot per edit to show.
	WithChanges DetailScope = false
	// WithVersions also reads the state each update replaced, which
	// RequestDetail.Version needs to compare any two versions.
	WithVersions DetailScope = true
)

// detailRow is the request row with the rest of the page as JSON.
type detailRow struct {
	VMRequest
	VLANsJSON   []byte `gorm:"column:vlans_json"`
	HistoryJSON []byte `gorm:"column:history_json"`
	CommentJSON []byte `gorm:"column:comments_json"`
	NamesJSON   []byte `gorm:"column:names_json"`
	HostJSON    []byte `gorm:"column:host_json"`
}

// detailSQL reads a request, its VLANs, its whole history, its comments,
// the names of the people involved and the registered host it names (with
// that host's allocation) in one round trip: the parts are
// correlated subqueries on indexes (vm_vlans, vm_history and vm_comments
// by request, users by primary key, virtual_hosts by lower(name), its
// allocation in host_allocations by the same),
// aggregated to JSON keyed like the Go fields they fill. Its first
// parameter is the DetailScope: an update's snapshot is sent only
// WithVersions (the original submission's always).
var detailSQL = `SELECT r.*, ` + vlansJSON + ` AS vlans_json,
	coalesce((SELECT json_agg(json_build_object('ID', h.id, 'VMRequestID', h.vm_request_id, 'Kind', h.kind,
		'Version', h.version, 'Snapshot', CASE WHEN h.kind = 'created' OR ?::boolean THEN h.snapshot END,
		'Changes', h.changes, 'ChangedByID', h.changed_by_id,
		'ChangedAt', h.changed_at, 'RestoredFrom', h.restored_from) ORDER BY h.version, h.id)
		FROM vm_history h WHERE h.vm_request_id = r.id), '[]') AS history_json,
	coalesce((SELECT json_agg(json_build_object('ID', c.id, 'RequestID', c.request_id, 'AuthorID', c.author_id,
		'Body', c.body, 'CreatedAt', c.created_at) ORDER BY c.id)
		FROM vm_comments c WHERE c.request_id = r.id), '[]') AS comments_json,
	(SELECT json_object_agg(u.id, u.username) FROM users u
		WHERE u.id IN (r.created_by_id, r.updated_by_id, r.decided_by_id)
		OR u.id IN (SELECT changed_by_id FROM vm_history WHERE vm_request_id = r.id)
		OR u.id IN (SELECT author_id FROM vm_comments WHERE request_id = r.id)) AS names_json,
	(SELECT ` + hostUsageJSON + `
		FROM virtual_hosts h, LATERAL (` + allocationWithout("r.id") + `) a
		WHERE lower(h.name) = lower(r.virtual_host) AND h.retired_at IS NULL) AS host_json
	FROM vm_requests r WHERE r.id = ?`

// LoadRequestDetail loads the request with id and everything its detail
// page shows, its past as far as scope says, or returns ErrNotFound.
func LoadRequestDetail(db *gorm.DB, id int64, scope DetailScope) (*RequestDetail, error) {
	rows, err := ScanAll[detailRow](db.Raw(detailSQL, bool(scope), id))
	if err != nil {
		return nil, fmt.Errorf("models: load vm request %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	row := &rows[0]
	d := &RequestDetail{Request: &row.VMRequest, Names: map[int64]string{}, scope: scope}
	if err := decodeVLANs(row.VLANsJSON, d.Request); err != nil {
		return nil, err
	}
	var history []VMHistory
	if err := json.Unmarshal(row.HistoryJSON, &history); err != nil {
		return nil, fmt.Errorf("models: history of vm request %d: %w", id, err)
	}
	if len(row.NamesJSON) > 0 {
		if err := json.Unmarshal(row.NamesJSON, &d.Names); err != nil {
			return nil, fmt.Errorf("models: user names of vm request %d: %w", id, err)
		}
	}
	if err := json.Unmarshal(row.CommentJSON, &d.Comments); err != nil {
		return nil, fmt.Errorf("models: comments of vm request %d: %w", id, err)
	}
	for i := range d.Comments {
		d.Comments[i].Author = d.Names[d.Comments[i].AuthorID]
	}
	if len(row.HostJSON) > 0 {
		if err := json.Unmarshal(row.HostJSON, &d.Host); err != nil {
			return nil, fmt.Errorf("models: host of vm request %d: %w", id, err)
		}
	}
	for i := range history {
		switch history[i].Kind {
		case HistoryCreated:
			d.Original = &history[i].Snapshot
		case HistoryUpdated:
			d.Updates = append(d.Updates, history[i])
		}
	}
	if d.Original == nil {
		return nil, fmt.Errorf("models: vm request %d has no original submission", id)
	}
	return d, nil
}

// Version returns the request as it was at version n (1 is the original
// submission, the request's own version the current state), or false when
// the request has no such version. It needs a detail loaded WithVersions.
func (d *RequestDetail) Version(n int) (Snapshot, bool) {
	if d.scope != WithVersions {
		panic("models: RequestDetail.Version needs a detail loaded WithVersions")
	}
	switch {
	case n == d.Request.Version:
		return d.Request.Snapshot(), true
	case n == 1:
		return *d.Original, true
	}
	for _, h := range d.Updates {
		if h.Version == n { // the state the change replaced
			return h.Snapshot, true
		}
	}
	return Snapshot{}, false
}
