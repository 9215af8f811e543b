package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// RequestFilter narrows the request list.
type RequestFilter struct {
	OwnerID int64  // only requests created by this user; 0 for all (admins)
	Search  string // case-insensitive substring of the VM name
	Status  string // one of Statuses, or "" for any
}

// RequestPage is one page of the request list.
type RequestPage struct {
	Pager
	Items []*VMRequest
}

// ListRequests returns page (1-based) of the requests matching f, newest
// first, with their VLANs.
func ListRequests(db *gorm.DB, f RequestFilter, page int) (*RequestPage, error) {
	p := &RequestPage{}
	ahead := pagesAhead
	if strings.TrimSpace(f.Search) != "" {
		ahead = pagesAheadFiltered
	}
	pager, err := paginate(db, f.scope(db), page, ahead, &p.Items)
	if err != nil {
		return nil, fmt.Errorf("models: list vm requests: %w", err)
	}
	p.Pager = pager
	if err := LoadVLANs(db, p.Items...); err != nil {
		return nil, err
	}
	return p, nil
}

func (f RequestFilter) scope(db *gorm.DB) *gorm.DB {
	q := db.Model(&VMRequest{})
	if f.OwnerID != 0 {
		q = q.Where("created_by_id = ?", f.OwnerID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		// Served by the trigram index on vm_name_lower, or a walk of the
		// newest ids testing that stored column (migration 0001).
		q = q.Where("vm_name_lower LIKE ?", "%"+escapeLike(strings.ToLower(s))+"%")
	}
	return q
}

// escapeLike makes % and _ in user input match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// OriginalSubmission returns the request as first submitted.
func OriginalSubmission(db *gorm.DB, requestID int64) (*Snapshot, error) {
	var h VMHistory
	err := db.Where("vm_request_id = ? AND kind = ?", requestID, HistoryCreated).Take(&h).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: original submission of vm request %d: %w", requestID, err)
	}
	return &h.Snapshot, nil
}

// RequestUpdates returns the changes of a request, oldest first.
func RequestUpdates(db *gorm.DB, requestID int64) ([]VMHistory, error) {
	var hs []VMHistory
	err := db.Where("vm_request_id = ? AND kind = ?", requestID, HistoryUpdated).Order("version").Find(&hs).Error
	if err != nil {
		return nil, fmt.Errorf("models: history of vm request %d: %w", requestID, err)
	}
	return hs, nil
}

// UserNames maps user ids to usernames, for showing who did what.
func UserNames(db *gorm.DB, ids ...int64) (map[int64]string, error) {
	names := map[int64]string{}
	if len(ids) == 0 {
		return names, nil
	}
	var rows []struct {
		ID       int64
		Username string
	}
	if err := db.Table("users").Select("id, username").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: user names: %w", err)
	}
	for _, r := range rows {
		names[r.ID] = r.Username
	}
	return names, nil
}
