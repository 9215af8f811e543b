package models

import "gorm.io/gorm"

// SearchBounds replace the name search's bounds in a test (0: the real
// bound; see searchRequests), so that a few thousand requests reach
// every plan.
type SearchBounds struct {
	Probe          int // suffix entries counted before the walks
	WalkRows       int // rows the plain walk tests per wanted match
	TrigramEntries int // entries the trigram walk reads per wanted match
}

// WithSearchBounds makes f's name search run under b.
func WithSearchBounds(f RequestFilter, b SearchBounds) RequestFilter {
	f.probe, f.walkRows, f.trigramEntries = b.Probe, b.WalkRows, b.TrigramEntries
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

// RarestTrigram is the trigram the trigram walk of term walks, from db's
// statistics as kept, or read afresh.
func RarestTrigram(db *gorm.DB, term string, afresh bool) (string, error) {
	if afresh {
		trigramStatsByDB.Delete(db.Dialector)
	}
	stats, err := readTrigramStats(db)
	return stats.rarest(term), err
}
