package models_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

// TestNameSearchPlansAgreeWithAScan checks the name search's plans
// (every match from the suffix index; a bounded walk of the newest rows;
// the walk, then every match) against a plain scan, on 12,000 demo
// requests: terms common and spread (answered by the walk), clustered
// among the oldest rows beyond the walk's reach, rare, absent, one
// character, with a status filter, and on a second page. Each term runs
// twice: with the real probe, and with a probe of 10 suffix entries, so
// that all but the rarest terms go through the walk and, when it comes
// back short, through the fallback.
func TestNameSearchPlansAgreeWithAScan(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	if err := database.SeedDemo(context.Background(), db, 12000, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		filter models.RequestFilter
		page   int
	}{
		{models.RequestFilter{Search: "crm"}, 1},
		{models.RequestFilter{Search: "CRM-"}, 3},
		{models.RequestFilter{Search: "-00000"}, 1}, // ids 1–99: all older than the walk reaches
		{models.RequestFilter{Search: "-00000"}, 2},
		{models.RequestFilter{Search: "-000"}, 1},
		{models.RequestFilter{Search: "-0000"}, 2},            // ids 1–999
		{models.RequestFilter{Search: "prod-ñ\U0010FFFF"}, 1}, // no character after the last: an open range
		{models.RequestFilter{Search: "0011999"}, 1},
		{models.RequestFilter{Search: "no-such-name"}, 1},
		{models.RequestFilter{Search: "7"}, 1},
		{models.RequestFilter{Search: "-0000", Status: models.StatusRejected}, 1},
		{models.RequestFilter{Search: "%"}, 1},
	}
	for _, probe := range []int{0, 10} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/%s/page%d/probe%d", tc.filter.Search, tc.filter.Status, tc.page, probe), func(t *testing.T) {
				checkSearchAgainstScan(t, db, models.WithSuffixProbe(tc.filter, probe), tc.page)
			})
		}
	}
}

// checkSearchAgainstScan compares page of the list under f (a name
// search, maybe a status) with the same page found by testing every name.
func checkSearchAgainstScan(t *testing.T, db *database.DB, f models.RequestFilter, page int) {
	t.Helper()
	got, err := models.ListRequests(db.Gorm, f, page)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	db.Gorm.Raw(`SELECT id FROM vm_requests WHERE position(lower(?) in vm_name_lower) > 0 AND (? = '' OR status = ?)
		ORDER BY id DESC OFFSET ? LIMIT ?`, f.Search, f.Status, f.Status,
		(page-1)*models.PerPage, models.PerPage+1).Scan(&want)
	var ids []int64
	for _, r := range got.Items {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, want[:min(len(want), models.PerPage)]) || got.HasNext != (len(want) > models.PerPage) {
		t.Fatalf("ids %v (next %v), want %v", ids, got.HasNext, want)
	}
	for _, r := range got.Items {
		if r.VLANs == nil {
			t.Fatalf("request %d: VLANs not loaded", r.ID)
		}
	}
}
