package models

import "gorm.io/gorm"

// WithSuffixProbe makes f's name search count at most n suffix entries
// before it walks (see searchRequests), so a test with a few thousand
// requests reaches every plan.
func WithSuffixProbe(f RequestFilter, n int) RequestFilter {
	f.probe = n
	return f
}

// SearchPlan lists page of f's requests as ListRequests does, under a
// name search, and names the plan that gave it.
func SearchPlan(db *gorm.DB, f RequestFilter, page int) (*RequestPage, string, error) {
	page = clampPage(page)
	p, plan, err := searchRequests(db, f, page, (page-1)*PerPage)
	return p, string(plan), err
}
