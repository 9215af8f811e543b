package models

import (
	"fmt"

	"gorm.io/gorm"
)

// PerPage is how many rows a list page shows.
const PerPage = 25

// pagesAhead is how many following pages a pager links to.
const pagesAhead = 3

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
// dest, and looks ahead at most pagesAhead pages (an index scan of at most
// 75 entries) to know which page links to offer.
func paginate(db *gorm.DB, query *gorm.DB, page int, dest any) (Pager, error) {
	if page < 1 {
		page = 1
	}
	offset := (page - 1) * PerPage
	if err := query.Session(&gorm.Session{}).Order("id DESC").Offset(offset).Limit(PerPage).Find(dest).Error; err != nil {
		return Pager{}, err
	}
	var ahead int64
	following := query.Session(&gorm.Session{}).Select("1").Order("id DESC").Offset(offset + PerPage).Limit(PerPage * pagesAhead)
	if err := db.Table("(?) AS following", following).Count(&ahead).Error; err != nil {
		return Pager{}, fmt.Errorf("look ahead: %w", err)
	}
	p := Pager{Page: page, HasPrev: page > 1, HasNext: ahead > 0}
	last := page + int((ahead+PerPage-1)/PerPage)
	for n := max(1, page-pagesAhead); n <= last; n++ {
		p.Pages = append(p.Pages, n)
	}
	return p, nil
}
