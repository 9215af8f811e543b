package models

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RequestFilter narrows and orders a list of requests: the list page, its
// CSV export and anything else that shows "the requests matching these
// filters". ParseRequestFilter reads it from a URL's query and Values
// writes it back, so a filtered view is a link. Zero fields do not filter.
type RequestFilter struct {
	OwnerID int64  // only requests created by this user; 0 for all (admins). Never from the URL.
	Mine    bool   // "mine=1": an admin's own requests only (the controller sets OwnerID)
	Search  string // case-insensitive substring of the VM name
	Status  string // one of Statuses

	Requestor        string    // start of the Requestor Name or Requestor Email, any case
	VirtualHost      string    // exactly this Virtual Host
	PhysicalLocation string    // exactly this Physical Location
	OperatingSystem  string    // exactly this Operating System
	From, To         time.Time // Request Date range, both days included

	Sort RequestSort

	// probe, walkRows and trigramEntries replace suffixProbe,
	// walkRowsPerHit and trigramEntriesPerHit when set (tests: small
	// bounds send a few thousand rows down every plan of searchRequests).
	probe, walkRows, trigramEntries int
}

// RequestSort is the list's order: a sortable field's key (see
// SortFields) and its direction. The zero value is newest first.
type RequestSort struct {
	Key  string
	Desc bool
}

// filterParams are the query parameters of RequestFilter's text filters,
// each with the struct field it fills; Values writes them in this order.
var filterParams = []struct {
	name string
	at   func(*RequestFilter) *string
}{
	{"q", func(f *RequestFilter) *string { return &f.Search }},
	{"status", func(f *RequestFilter) *string { return &f.Status }},
	{"requestor", func(f *RequestFilter) *string { return &f.Requestor }},
	{"virtual_host", func(f *RequestFilter) *string { return &f.VirtualHost }},
	{"physical_location", func(f *RequestFilter) *string { return &f.PhysicalLocation }},
	{"operating_system", func(f *RequestFilter) *string { return &f.OperatingSystem }},
}

// ParseRequestFilter reads the filter from a URL's query. Values that
// cannot match anything are dropped rather than refused, so an edited or
// stale link still shows a list: an unknown status or sort, a malformed
// date, text longer than the field allows (cut to that length). Invalid
// UTF-8 and NUL never reach here (the app answers 400 at the door).
func ParseRequestFilter(v url.Values) RequestFilter {
	var f RequestFilter
	for _, p := range filterParams {
		*p.at(&f) = clip(strings.TrimSpace(v.Get(p.name)), MaxTextField)
	}
	f.Search = clip(f.Search, 63) // no VM name is longer
	if !slices.Contains(Statuses, f.Status) {
		f.Status = ""
	}
	f.Mine = v.Get("mine") == "1"
	f.From, f.To = parseDate(v.Get("from")), parseDate(v.Get("to"))
	if key := v.Get("sort"); SortField(key) != nil {
		f.Sort = RequestSort{Key: key, Desc: v.Get("dir") == "desc"}
	}
	return f
}

// Values is the filter as URL query parameters (without a page), the
// inverse of ParseRequestFilter.
func (f RequestFilter) Values() url.Values {
	v := url.Values{}
	for _, p := range filterParams {
		if s := *p.at(&f); s != "" {
			v.Set(p.name, s)
		}
	}
	if f.Mine {
		v.Set("mine", "1")
	}
	if !f.From.IsZero() {
		v.Set("from", f.From.Format(DateLayout))
	}
	if !f.To.IsZero() {
		v.Set("to", f.To.Format(DateLayout))
	}
	if f.Sort.Key != "" {
		v.Set("sort", f.Sort.Key)
		v.Set("dir", map[bool]string{false: "asc", true: "desc"}[f.Sort.Desc])
	}
	return v
}

// Filtered reports whether anything beyond the order narrows the list.
func (f RequestFilter) Filtered() bool {
	f.Sort, f.OwnerID = RequestSort{}, 0
	return f != RequestFilter{}
}

// onlySearched reports whether the name search is all that narrows the
// list, in the default order, for anyone's requests.
func (f RequestFilter) onlySearched() bool {
	f.Search, f.probe, f.walkRows, f.trigramEntries = "", 0, 0, 0
	return f == RequestFilter{}
}

// walkBound is the plain walk's rows per wanted match.
func (f RequestFilter) walkBound() int { return cmp.Or(f.walkRows, walkRowsPerHit) }

// trigramBound is the trigram walk's entries per wanted match.
func (f RequestFilter) trigramBound() int { return cmp.Or(f.trigramEntries, trigramEntriesPerHit) }

// parseDate reads a YYYY-MM-DD date; anything else is no date.
func parseDate(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil || t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}
	}
	return t
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// unsearched is the filter without its name search.
func (f RequestFilter) unsearched(db *gorm.DB) *gorm.DB {
	q := db.Model(&VMRequest{})
	if f.OwnerID != 0 {
		q = q.Where("created_by_id = ?", f.OwnerID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Requestor != "" {
		// Each side is a range scan of its lower(…) text_pattern_ops index
		// (migration 0022), combined by a bitmap OR.
		p := escapeLike(strings.ToLower(f.Requestor)) + "%"
		q = q.Where("(lower(requestor_name) LIKE ? OR lower(requestor_email) LIKE ?)", p, p)
	}
	for _, eq := range [...][2]string{
		{"virtual_host", f.VirtualHost}, {"physical_location", f.PhysicalLocation}, {"operating_system", f.OperatingSystem},
	} {
		if eq[1] != "" {
			q = q.Where(eq[0]+" = ?", eq[1])
		}
	}
	if !f.From.IsZero() {
		q = q.Where("request_date >= ?", f.From.Format(DateLayout))
	}
	if !f.To.IsZero() {
		q = q.Where("request_date <= ?", f.To.Format(DateLayout))
	}
	return q
}

// scope is the whole filter, name search included.
func (f RequestFilter) scope(db *gorm.DB) *gorm.DB {
	q := f.unsearched(db)
	if p := f.pattern(); p != "" {
		// Served by the trigram index on vm_name_lower (migration 0001).
		q = q.Where("vm_name_lower LIKE ?", p)
	}
	return q
}

// searchTerm is the name search as it is matched: trimmed and lower
// case, like vm_name_lower; "" without one.
func (f RequestFilter) searchTerm() string { return strings.ToLower(strings.TrimSpace(f.Search)) }

// pattern is the LIKE pattern of the name search, "" without one.
func (f RequestFilter) pattern() string {
	if t := f.searchTerm(); t != "" {
		return "%" + escapeLike(t) + "%"
	}
	return ""
}

// suffixCondition selects the vm_name_suffixes entries that start with
// the search term: every name containing the term has exactly such a
// suffix. The entries are ordered by bytes (COLLATE "C"), which for UTF-8
// is the order of code points, so they run from the term up to, not
// including, the term with its last character replaced by the next one;
// when no character follows any of its characters the range is open.
func (f RequestFilter) suffixCondition() clause.Expr {
	lo := f.searchTerm()
	for prefix := []rune(lo); len(prefix) > 0; prefix = prefix[:len(prefix)-1] {
		next := prefix[len(prefix)-1] + 1
		if next >= 0xD800 && next <= 0xDFFF { // surrogates are not characters
			next = 0xE000
		}
		if next <= unicode.MaxRune {
			prefix[len(prefix)-1] = next
			return clause.Expr{SQL: "suffix >= ? AND suffix < ?", Vars: []any{lo, string(prefix)}}
		}
	}
	return clause.Expr{SQL: "suffix >= ?", Vars: []any{lo}}
}

// escapeLike makes % and _ in user input match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
