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
// (every match from the suffix index; a walk of the newest requests whose
// names hold the term's rarest trigram; a bounded walk of the newest
// rows; every match after the walks came back short) against a plain
// scan, on 12,000 demo requests: terms common and spread (answered by a
// walk), clustered among the oldest rows beyond the walks' reach, rare,
// absent, one character, a trigram twice in a name, with a status
// filter, and on later pages. Each term runs under four bounds: the real
// ones; counting at most 10 suffix entries, so that all but the rarest
// terms go through the walks and, when they come back short, on; that and
// a plain walk of 1 row per wanted match; and a trigram walk of 1 entry
// per wanted match, so that the plain walk runs after it. Where the plan
// is certain, the test checks it was taken: the trigram walk first when
// only the name is searched, the plain walk first under a status.
func TestNameSearchPlansAgreeWithAScan(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	if err := database.SeedDemo(context.Background(), db, 12000, nil); err != nil {
		t.Fatal(err)
	}
	const (
		none    = "no match"
		walk    = "walk"
		trigram = "trigram walk"
		every   = "every match"
		either  = ""
	)
	bounds := []models.SearchBounds{
		{},                             // the real bounds
		{Probe: 10},                    // all but the rarest terms walk
		{Probe: 10, WalkRows: 1},       // and the plain walk reaches 26 rows
		{Probe: 10, TrigramEntries: 1}, // the trigram walk reaches 26 entries: the plain walk after it
	}
	cases := []struct {
		filter models.RequestFilter
		page   int
		plans  [4]string // under each of bounds
	}{
		{models.RequestFilter{Search: "crm"}, 1, [4]string{every, trigram, trigram, trigram}},
		{models.RequestFilter{Search: "CRM-"}, 3, [4]string{every, trigram, trigram, trigram}},
		{models.RequestFilter{Search: "-00000"}, 1, [4]string{every, every, every, every}},    // ids 1–99: older than the walks reach
		{models.RequestFilter{Search: "-00000"}, 2, [4]string{every, walk, every, walk}},      // the walk reaches further for a second page
		{models.RequestFilter{Search: "-000"}, 1, [4]string{trigram, trigram, trigram, walk}}, // ids 1–9,999
		{models.RequestFilter{Search: "-0000"}, 2, [4]string{every, walk, every, walk}},       // ids 1–999
		{models.RequestFilter{Search: "000"}, 1, [4]string{trigram, trigram, trigram, walk}},  // "0000123" holds it twice
		{models.RequestFilter{Search: "000"}, 4, [4]string{trigram, trigram, trigram, walk}},
		{models.RequestFilter{Search: "crm-prod"}, 1, [4]string{every, trigram, trigram, walk}},  // 1 name in 90, spread
		{models.RequestFilter{Search: "prod-ñ\U0010FFFF"}, 1, [4]string{none, none, none, none}}, // no character after the last: an open range
		{models.RequestFilter{Search: "0011999"}, 1, [4]string{every, every, every, every}},
		{models.RequestFilter{Search: "0011999"}, 2, [4]string{every, every, every, every}}, // a match, none on this page
		{models.RequestFilter{Search: "no-such-name"}, 1, [4]string{none, none, none, none}},
		{models.RequestFilter{Search: "7"}, 1, [4]string{every, walk, every, walk}}, // too short for a trigram
		{models.RequestFilter{Search: "-0000", Status: models.StatusRejected}, 1, [4]string{every, walk, either, walk}},
		{models.RequestFilter{Search: "-00", Status: models.StatusRejected}, 2, [4]string{walk, walk, walk, walk}}, // every name holds it
		{models.RequestFilter{Search: "%"}, 1, [4]string{none, none, none, none}},
	}
	for i, b := range bounds {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/%s/page%d/bounds%v", tc.filter.Search, tc.filter.Status, tc.page, b), func(t *testing.T) {
				plan := checkSearchAgainstScan(t, db, models.WithSearchBounds(tc.filter, b), tc.page)
				if want := tc.plans[i]; want != either && plan != want {
					t.Errorf("answered by %q, want %q", plan, want)
				}
			})
		}
	}
}

// checkSearchAgainstScan compares page of the list under f (a name
// search, maybe a status) with the same page found by testing every name,
// and returns the plan that gave it.
func checkSearchAgainstScan(t *testing.T, db *database.DB, f models.RequestFilter, page int) string {
	t.Helper()
	got, plan, err := models.SearchPlan(db.Gorm, f, page)
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
	return plan
}
