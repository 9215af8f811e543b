package models

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RequestPage is one page of the request list.
type RequestPage struct {
	Pager
	Items []*VMRequest
}

// ListRequests returns page (1-based) of the requests matching f, in f's
// order (newest first by default), with their VLANs: one statement, or two
// under a name search whose matches are not among the first rows of that
// order (see searchRequests).
func ListRequests(db *gorm.DB, f RequestFilter, page int) (*RequestPage, error) {
	page = clampPage(page)
	offset := (page - 1) * PerPage
	if f.pattern() == "" {
		// The sort's (column, id) index or a filter's index gives the ids
		// in order; only the ids are walked past the offset.
		ids := f.scope(db).Select(f.Sort.keyColumns()).Order(f.Sort.orderBy()).
			Offset(offset).Limit(PerPage*(1+pagesAhead) + 1)
		p, _, err := loadListPage(db, page, f.Sort, ids, 0)
		return p, err
	}
	p, _, err := searchRequests(db, f, page, offset)
	return p, err
}

// A name search picks its plan from what the data says, never from the
// planner's estimate (which assumes matches are spread evenly over the
// ids, and cannot see how many names share a term's trigrams):
//
//  1. Count the term's entries in the suffix index (migration 0024), up
//     to suffixProbe: one short index range, no table rows.
//  2. None: the page is empty; nothing more is read.
//  3. At most suffixProbe (a rare term, or a few thousand matches
//     wherever they are): take the page from every match (everyMatch).
//  4. More (a common term), newest first, with only the name searched,
//     and a term of three characters or more: walk the requests whose
//     names contain the term's rarest trigram, newest first (migration
//     0026), testing each name, but at most trigramEntriesPerHit entries
//     per wanted match (trigramWalk). The trigram's requests include every
//     match wherever it is, so this stops after a page's worth when the
//     matches are a good part of them: "-00", whose 100,000 matches among
//     a million requests are all among the oldest, reads 26 entries.
//  5. Otherwise, or when that came back short: walk the ids in the
//     list's order (newest first unless sorted), testing each name, but
//     at most walkRowsPerHit rows per wanted match. A term found in more
//     than 1 name in 400 among the first rows of that order stops here
//     after a few hundred. It goes before the trigram walk when other
//     filters narrow the list (see walkOrder).
//  6. The walks came back short or did not apply: the matches are many
//     and clustered far from the start of the order. Take the page from
//     every match as in 3 (for "-00" at a million, reading and sorting
//     100,000 entries: about 140 ms).
//
// Which trigram is rarest comes from the statistics of the suffix
// entries, read once a minute (see name_trigrams.go).
const (
	suffixProbe          = 5000
	trigramEntriesPerHit = 10
	walkRowsPerHit       = 400
)

// searchPlan names the plan of searchRequests that gave a page.
type searchPlan string

const (
	planNoMatch     searchPlan = "no match"
	planTrigramWalk searchPlan = "trigram walk"
	planWalk        searchPlan = "walk"
	planEveryMatch  searchPlan = "every match"
)

// searchRequests runs the plans above, and says which gave the page.
func searchRequests(db *gorm.DB, f RequestFilter, page, offset int) (*RequestPage, searchPlan, error) {
	want := PerPage*(1+pagesAheadFiltered) + 1
	inRange := f.suffixCondition()
	probe := cmp.Or(f.probe, suffixProbe)
	// The count and the newest-first page of every match have one
	// possible plan each (with hash aggregation off), kept rather than
	// made again on every run (see generic_plans.go); so have the walks
	// when only the name is searched (see walkForPage). Under other
	// filters the walks weigh them, and the other orders their sort keys,
	// so they are planned for their values.
	generic := withGenericPlans(db)
	var entries int
	err := generic.Raw("SELECT count(*) FROM (SELECT FROM vm_name_suffixes WHERE "+inRange.SQL+" LIMIT "+strconv.Itoa(probe+1)+") e",
		inRange.Vars...).Scan(&entries).Error
	if err != nil {
		return nil, "", fmt.Errorf("models: search vm requests: %w", err)
	}
	if entries == 0 {
		return &RequestPage{Pager: newPager(page, 0)}, planNoMatch, nil
	}
	if entries > probe {
		if p, plan, err := walkForPage(db, f, page, offset, want); p != nil || err != nil {
			return p, plan, err
		}
	}
	if f.Sort.column() == "" {
		db = generic
	}
	p, _, err := loadListPage(db, page, f.Sort, everyMatch(db, f, inRange, offset, want), 0)
	return p, planEveryMatch, err
}

// walkForPage tries the bounded walks (4 and 5 above) for a page of want
// ids, and returns nil when each came back short or did not apply. A
// walk is built only when the one before came back short, and one that
// comes back short loads no rows.
func walkForPage(db *gorm.DB, f RequestFilter, page, offset, want int) (*RequestPage, searchPlan, error) {
	trigram, err := walkedTrigram(db, f)
	if err != nil {
		return nil, "", fmt.Errorf("models: search vm requests: %w", err)
	}
	if f.onlySearched() {
		// Newest first with no other filter, each walk has one plan
		// whatever the term and bound: the plain walk's was made again
		// on every run (0.5-0.8 ms at a million requests, about half of
		// running it), as the generic plan's guess at its bound looked
		// costlier.
		db = withGenericPlans(db)
	}
	for _, plan := range walkOrder(f, trigram != "") {
		var ids *gorm.DB
		if plan == planTrigramWalk {
			ids = trigramWalk(db, f, trigram, offset, want)
		} else {
			ids = plainWalk(db, f, offset, want)
		}
		p, found, err := loadListPage(db, page, f.Sort, ids, want)
		if err != nil || found == want {
			return p, plan, err
		}
	}
	return nil, "", nil
}

// walkOrder lists the bounded walks of f's search in the order they are
// tried; byTrigram says whether the trigram walk applies.
//
// The trigram walk goes first when the search is all that narrows the
// list: per request it tests it costs about ten times a row of the plain
// walk (a lookup against a step along one index), but it tests only the
// requests holding the trigram, and its bound is a fortieth of the plain
// walk's, so coming back short it costs a third as much (0.35 against
// 1.1 ms at a million requests), while the plain walk coming back short
// is what made "-00" slow. Under other filters (a user's own requests, a
// status) the lookups test those too, and most would fail: the plain
// walk goes first.
func walkOrder(f RequestFilter, byTrigram bool) []searchPlan {
	switch {
	case !byTrigram:
		return []searchPlan{planWalk}
	case f.onlySearched():
		return []searchPlan{planTrigramWalk, planWalk}
	default:
		return []searchPlan{planWalk, planTrigramWalk}
	}
}

// walkedTrigram is the trigram the trigram walk of f's search term walks
// (the term's rarest); "" when the walk does not apply: f's order is not
// newest first or its term is shorter than a trigram.
func walkedTrigram(db *gorm.DB, f RequestFilter) (string, error) {
	term := f.searchTerm()
	if f.Sort.column() != "" || utf8.RuneCountInString(term) < 3 {
		return "", nil
	}
	stats, err := readTrigramStats(db)
	if err != nil {
		return "", err
	}
	return stats.rarest(term), nil
}

// plainWalk selects the keys of the matches of f's search term from
// offset on, at most limit, in f's order, among the first rows of that
// order only: walkRowsPerHit per match wanted up to the page's end, each
// name tested on the covering index.
func plainWalk(db *gorm.DB, f RequestFilter, offset, limit int) *gorm.DB {
	keys, order := f.Sort.keyColumns(), f.Sort.orderBy()
	walked := keys
	if f.Sort.column() != "vm_name_lower" {
		walked += ", vm_name_lower"
	}
	// The walk's bound grows with the page, so it is a parameter (a
	// number written in would make every page a statement of its own).
	first := db.Raw("SELECT "+walked+" FROM (?) u ORDER BY "+order+" LIMIT ?",
		f.unsearched(db).Select(walked), f.walkBound()*(offset+limit))
	return db.Table("(?) AS w", first).Where("vm_name_lower LIKE ?", f.pattern()).
		Select(keys).Order(order).Offset(offset).Limit(limit)
}

// trigramWalk selects, newest first, the ids of the matches of f's
// search term from offset on, at most limit, from the ids of the
// requests whose names contain trigram (one of the term's, see
// walkedTrigram), each looked up in turn and its name and f's filters
// tested, at most trigramEntriesPerHit entries per wanted match. The ids
// come off the index in order, so DISTINCT (a name holding the trigram
// twice) and the lookups stream: the walk stops when the page is full.
func trigramWalk(db *gorm.DB, f RequestFilter, trigram string, offset, limit int) *gorm.DB {
	lookup := f.unsearched(db).Select("id").Where("id = c.request_id AND vm_name_lower LIKE ?", f.pattern()).Limit(1)
	page, pageVars := offsetLimit(offset, limit)
	return db.Raw(`SELECT r.id FROM (SELECT DISTINCT request_id FROM (SELECT request_id FROM vm_name_suffixes
			WHERE trigram = ? ORDER BY request_id DESC LIMIT ?) e
			ORDER BY request_id DESC) c CROSS JOIN LATERAL (?) r ORDER BY c.request_id DESC `+page,
		append([]any{trigram, f.trigramBound() * (offset + limit), lookup}, pageVars...)...)
}

// everyMatch selects the keys of the matches of f's search term from
// offset on, at most limit, in f's order, starting from the term's
// suffix entries (inRange).
//
// Newest first, the entries' request ids are sorted (a sort of ids only,
// about 25 ms for 100,000 entries) and each is looked up in turn until
// the page is full; the lookup is a LATERAL subquery with LIMIT 1, which
// the planner cannot flatten into a merge join that walks the whole
// primary key. In another order every match's sort key is needed, so
// every match is read (MATERIALIZED: the planner cannot turn it back
// into a walk of the whole order) and then sorted.
func everyMatch(db *gorm.DB, f RequestFilter, inRange clause.Expr, offset, limit int) *gorm.DB {
	page, pageVars := offsetLimit(offset, limit)
	if f.Sort.column() == "" {
		lookup := f.unsearched(db).Select("id").Where("id = c.request_id").Limit(1)
		args := append(append(slices.Clip(inRange.Vars), lookup), pageVars...)
		return db.Raw(`SELECT r.id FROM (SELECT DISTINCT request_id FROM vm_name_suffixes WHERE `+inRange.SQL+`
			ORDER BY request_id DESC) c CROSS JOIN LATERAL (?) r ORDER BY c.request_id DESC `+page, args...)
	}
	keys, order := f.Sort.keyColumns(), f.Sort.orderBy()
	matches := f.unsearched(db).Select(keys).
		Where("id IN (SELECT request_id FROM vm_name_suffixes WHERE "+inRange.SQL+")", inRange.Vars...)
	return db.Raw("WITH m AS MATERIALIZED (?) SELECT "+keys+" FROM m ORDER BY "+order+" "+page,
		append([]any{matches}, pageVars...)...)
}

// offsetLimit is the OFFSET and LIMIT clause of a page, and its
// parameters, as GORM writes them (see database.literalLimit): the limit
// written in, the offset a parameter, and no OFFSET on the first page. A
// statement with an OFFSET parameter is planned again on every run (the
// generic plan, guessing the offset, never looks cheaper), about 1.5 ms
// for the trigram walk's; without one, once per connection.
func offsetLimit(offset, limit int) (string, []any) {
	if offset == 0 {
		return "LIMIT " + strconv.Itoa(limit), nil
	}
	return "OFFSET ? LIMIT " + strconv.Itoa(limit), []any{offset}
}

// listRow is a request of a list page with its VLANs as JSON and how many
// ids the page's id query found (page and look-ahead).
type listRow struct {
	VMRequest
	VLANsJSON []byte `gorm:"column:vlans_json"`
	Found     int
}

// loadListPage loads, in one statement, the rows of the first PerPage ids
// that ids (the sort's keyColumns, in its order) selects, with their
// VLANs, and builds the pager from how many ids it selected; found is
// that number. With need above 0 it loads nothing (found 0) unless ids
// selected at least need ids: a walk that came back short is not shown,
// so its rows would be read and decoded for nothing.
func loadListPage(db *gorm.DB, page int, sort RequestSort, ids *gorm.DB, need int) (*RequestPage, int, error) {
	items, found, err := loadRequests(db, sort, ids, PerPage, need)
	if err != nil {
		return nil, 0, err
	}
	return &RequestPage{Items: items, Pager: newPager(page, found)}, found, nil
}

// loadRequests loads, in one statement, the rows of the first limit ids
// that ids (the sort's keyColumns, in its order) selects, with their
// VLANs, and how many ids ids selected in all; with need above 0, none
// unless ids selected at least need ids.
func loadRequests(db *gorm.DB, sort RequestSort, ids *gorm.DB, limit, need int) ([]*VMRequest, int, error) {
	order := sort.orderBy() // column names only: the same text orders ids and r
	enough := ""
	if need > 0 {
		enough = " AND (SELECT count(*) FROM ids) >= " + strconv.Itoa(need)
	}
	rows, err := ScanPage[listRow](db.Raw(`WITH ids AS MATERIALIZED (?)
		SELECT r.*, `+vlansJSON+` AS vlans_json, (SELECT count(*) FROM ids) AS found
		FROM vm_requests r WHERE r.id IN (SELECT id FROM ids ORDER BY `+order+` LIMIT `+strconv.Itoa(limit)+`)`+enough+`
		ORDER BY `+order, ids), limit)
	if err != nil {
		return nil, 0, fmt.Errorf("models: list vm requests: %w", err)
	}
	items := make([]*VMRequest, len(rows))
	found := 0
	for i := range rows {
		r := &rows[i].VMRequest
		if err := decodeVLANs(rows[i].VLANsJSON, r); err != nil {
			return nil, 0, err
		}
		items[i], found = r, rows[i].Found
	}
	return items, found, nil
}

// RequestsBefore returns up to limit requests matching f with ids below
// before (0: from the newest), newest first, with their VLANs, and whether
// more follow. Paging by id this way (the API's cursor) is stable while
// others add requests: a new request has a higher id than every page
// already read, so no row is skipped or shown twice.
// f's sort is ignored: this order is always newest first.
func RequestsBefore(db *gorm.DB, f RequestFilter, before int64, limit int) ([]*VMRequest, bool, error) {
	f.Sort = RequestSort{} // newest first: id DESC
	ids := f.scope(db).Select("id")
	if before > 0 {
		ids = ids.Where("id < ?", before)
	}
	items, found, err := loadRequests(db, f.Sort, ids.Order("id DESC").Limit(limit+1), limit, 0)
	return items, found > limit, err
}

// Usernames maps the given user ids to their usernames, in one query.
func Usernames(db *gorm.DB, ids []int64) (map[int64]string, error) {
	var rows []User
	names := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return names, nil
	}
	if err := db.Select("id, username").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: usernames: %w", err)
	}
	for _, u := range rows {
		names[u.ID] = u.Username
	}
	return names, nil
}

// vlansJSON is a correlated subquery: the VLANs of request r as a JSON
// array in their order, keyed by VLAN's field names for decodeVLANs.
const vlansJSON = `coalesce((SELECT json_agg(json_build_object('ID', v.id, 'VMRequestID', v.vm_request_id,
	'Position', v.position, 'VLANID', v.vlan_id, 'Name', v.name) ORDER BY v.position)
	FROM vm_vlans v WHERE v.vm_request_id = r.id), '[]')`

// decodeVLANs sets r.VLANs from a vlansJSON value.
func decodeVLANs(data []byte, r *VMRequest) error {
	r.VLANs = []VLAN{}
	if err := json.Unmarshal(data, &r.VLANs); err != nil {
		return fmt.Errorf("models: vlans of vm request %d: %w", r.ID, err)
	}
	return nil
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

// RequestHistory returns every history row of a request: the original
// submission first, then the changes in order.
func RequestHistory(db *gorm.DB, requestID int64) ([]VMHistory, error) {
	var hs []VMHistory
	err := db.Where("vm_request_id = ?", requestID).Order("id").Find(&hs).Error
	if err != nil {
		return nil, fmt.Errorf("models: history of vm request %d: %w", requestID, err)
	}
	return hs, nil
}
