package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// PerPage is how many requests a list page shows.
const PerPage = 25

// pagesAhead is how many following pages the pager links to.
const pagesAhead = 3

// RequestFilter narrows the request list.
type RequestFilter struct {
	OwnerID int64  // only requests created by this user; 0 for all (admins)
	Search  string // case-insensitive substring of the VM name
	Status  string // one of Statuses, or "" for any
}

// RequestPage is one page of the request list. It knows the pages just
// around it rather than a total: counting a million rows on every page
// view is what makes such lists slow.
type RequestPage struct {
	Items   []*VMRequest
	Page    int
	Pages   []int // page numbers to link to, current included
	HasPrev bool
	HasNext bool
}

// ListRequests returns page (1-based) of the requests matching f, newest
// first, with their VLANs.
func ListRequests(db *gorm.DB, f RequestFilter, page int) (*RequestPage, error) {
	if page < 1 {
		page = 1
	}
	offset := (page - 1) * PerPage
	var items []*VMRequest
	if err := f.scope(db).Order("id DESC").Offset(offset).Limit(PerPage).Find(&items).Error; err != nil {
		return nil, fmt.Errorf("models: list vm requests: %w", err)
	}
	// How many rows follow this page, up to pagesAhead pages' worth: an
	// index scan of at most 75 entries.
	var ahead int64
	following := f.scope(db).Select("1").Order("id DESC").Offset(offset + PerPage).Limit(PerPage * pagesAhead)
	if err := db.Table("(?) AS following", following).Count(&ahead).Error; err != nil {
		return nil, fmt.Errorf("models: list vm requests: look ahead: %w", err)
	}
	if err := LoadVLANs(db, items...); err != nil {
		return nil, err
	}
	p := &RequestPage{Items: items, Page: page, HasPrev: page > 1, HasNext: ahead > 0}
	last := page + int((ahead+PerPage-1)/PerPage)
	for n := max(1, page-pagesAhead); n <= last; n++ {
		p.Pages = append(p.Pages, n)
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
		// Served by the trigram index on lower(vm_name).
		q = q.Where("lower(vm_name) LIKE ?", "%"+escapeLike(strings.ToLower(s))+"%")
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

// Suggestion fields: the form offers values already used for these.
var SuggestionFields = []string{"physical_location", "virtual_host", "operating_system"}

// Suggestions returns the values already used for each suggestion field.
func Suggestions(db *gorm.DB) (map[string][]string, error) {
	var rows []struct{ Field, Value string }
	if err := db.Raw(`SELECT field, value FROM (
			SELECT field, value, row_number() OVER (PARTITION BY field ORDER BY value) AS n FROM vm_suggestions
		) s WHERE n <= 200 ORDER BY field, value`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: suggestions: %w", err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.Field] = append(out[r.Field], r.Value)
	}
	return out, nil
}

// rememberSuggestions records r's location, host and OS as suggestions.
func rememberSuggestions(db *gorm.DB, r *VMRequest) error {
	err := db.Exec(`INSERT INTO vm_suggestions (field, value) VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT DO NOTHING`,
		"physical_location", r.PhysicalLocation, "virtual_host", r.VirtualHost, "operating_system", r.OperatingSystem).Error
	if err != nil {
		return fmt.Errorf("models: remember suggestions: %w", err)
	}
	return nil
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
