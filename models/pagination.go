package models

import (
	"fmt"

	"gorm.io/gorm"
)

// PerPage is how many rows a list page shows.
const PerPage = 25

// Look-ahead: how many following pages a pager links to. A filter that
// cannot be answered from an index alone (a substring search checks every
// row it passes) only checks that a next page exists: each page looked at
// costs as much as the page itself.
const (
	pagesAhead         = 3
	pagesAheadFiltered = 0
)

// MaxPage is the deepest page a list serves. A page number from the URL is
// clamped to it, so arithmetic on it cannot overflow (strconv.Atoi answers
// the largest int for "99999999999999999999").
const MaxPage = 1_000_000

// clampPage brings a page number from the URL into 1…MaxPage.
func clampPage(page int) int { return min(max(page, 1), MaxPage) }

// Pager describes one page of a list. It knows the pages just around it
// rather than a total: counting a million rows on every page view is what
// makes such lists slow.
type Pager struct {
	Page    int
	Pages   []int // page numbers to link to, current included
	HasPrev bool
	HasNext bool
}

// paginate loads page (1-based) of query, newest (highest id) first, into
// dest (a pointer to a slice of a model with an ID), and looks ahead at
// most ahead pages (plus one row, to know a next page exists) to know which
// page links to offer. One query walks
// the index for the ids of this page and the look-ahead together (a deep
// page's OFFSET is paid once, on ids only); a second loads the page's rows
// by primary key.
func paginate(db *gorm.DB, query *gorm.DB, page, ahead int, dest any) (Pager, error) {
	page = clampPage(page)
	var ids []int64
	err := query.Session(&gorm.Session{}).Order("id DESC").
		Offset((page-1)*PerPage).Limit(PerPage*(1+ahead)+1).Pluck("id", &ids).Error
	if err != nil {
		return Pager{}, err
	}
	if len(ids) > 0 {
		err := db.Where("id IN ?", ids[:min(len(ids), PerPage)]).Order("id DESC").Find(dest).Error
		if err != nil {
			return Pager{}, fmt.Errorf("load page: %w", err)
		}
	}
	return newPager(page, len(ids)), nil
}

// newPager describes page (1-based) when found ids were seen from its
// first row on: the page's own rows, then the look-ahead.
func newPager(page, found int) Pager {
	following := max(0, found-PerPage)
	p := Pager{Page: page, HasPrev: page > 1, HasNext: following > 0}
	last := page + (following+PerPage-1)/PerPage
	for n := max(1, page-pagesAhead); n <= last; n++ {
		p.Pages = append(p.Pages, n)
	}
	return p
}
