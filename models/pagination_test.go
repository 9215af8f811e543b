package models_test

import (
	"math"
	"testing"

	"vmportal/models"
)

// A page number from the URL can be anything strconv.Atoi returns, up to
// the largest int: the list must answer (an empty page), not loop or fail.
func TestListClampsPageNumbers(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	for _, page := range []int{math.MinInt, -1, 0, models.MaxPage + 1, math.MaxInt} {
		p, err := models.ListRequests(db, models.RequestFilter{}, page)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if p.Page < 1 || p.Page > models.MaxPage || len(p.Pages) > 10 {
			t.Errorf("page %d: pager %+v", page, p.Pager)
		}
	}
}
