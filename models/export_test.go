package models

import "gorm.io/gorm"

// WithSearchBounds makes f's name search count at most probe suffix
// entries before it walks, and walk at most walkRows rows per wanted
// match (0: the real bound; see searchRequests), so a test with a few
// thousand requests reaches every plan.
func WithSearchBounds(f RequestFilter, probe, walkRows int) RequestFilter {
	f.probe, f.walkRows = probe, walkRows
	return f
}

// SearchPlan lists page of f's requests as ListRequests does, under a
// name search, and names the plan that gave it.
func SearchPlan(db *gorm.DB, f RequestFilter, page int) (*RequestPage, string, error) {
	page = clampPage(page)
	p, plan, err := searchRequests(db, f, page, (page-1)*PerPage)
	return p, string(plan), err
}

// WithGenericPlans is withGenericPlans, for its test.
var WithGenericPlans = withGenericPlans
