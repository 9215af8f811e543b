package models_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

// checkCountsMatch compares both summary tables with a count of the
// requests themselves.
func checkCountsMatch(t *testing.T, db *gorm.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT created_by_id::text || '/' || status AS k, count(*) AS n FROM vm_requests GROUP BY 1
		 EXCEPT SELECT created_by_id::text || '/' || status, n FROM vm_request_counts_by_owner WHERE n <> 0`,
		`SELECT created_by_id::text || '/' || status, n FROM vm_request_counts_by_owner WHERE n <> 0
		 EXCEPT SELECT created_by_id::text || '/' || status AS k, count(*) AS n FROM vm_requests GROUP BY 1`,
		`SELECT date_trunc('month', request_date)::date::text || '/' || status AS k, count(*) AS n FROM vm_requests GROUP BY 1
		 EXCEPT SELECT month::text || '/' || status, n FROM vm_request_counts_by_month WHERE n <> 0`,
		`SELECT month::text || '/' || status, n FROM vm_request_counts_by_month WHERE n <> 0
		 EXCEPT SELECT date_trunc('month', request_date)::date::text || '/' || status AS k, count(*) AS n FROM vm_requests GROUP BY 1`,
	} {
		var diff []struct {
			K string
			N int64
		}
		if err := db.Raw(q).Scan(&diff).Error; err != nil {
			t.Fatal(err)
		}
		if len(diff) > 0 {
			t.Fatalf("summary counts disagree with the requests: %+v\n(query %s)", diff, q)
		}
	}
}

// TestSummaryCountsFollowEveryChange: create, edit (a new Request Date
// moves the month), approve, reject, cancel and decommission each keep
// the dashboard's counts equal to a count of the requests.
func TestSummaryCountsFollowEveryChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := createUser(t, f.base, "root", models.RoleAdmin)
	a := f.create(t, validInput("count-a"))
	b := f.create(t, validInput("count-b"))
	c := f.create(t, validInput("count-c"))
	checkCountsMatch(t, f.base)

	in := validInput("count-c")
	in.text["request_date"] = "2026-09-03"
	if fe := in.apply(c); len(fe) > 0 {
		t.Fatal(fe)
	}
	if err := models.UpdateRequest(f.db, c); err != nil {
		t.Fatal(err)
	}
	checkCountsMatch(t, f.base)
	for _, d := range []struct {
		r              *models.VMRequest
		who            *models.User
		decision, text string
	}{
		{a, admin, models.DecisionApprove, ""},
		{a, admin, models.DecisionActivate, ""},
		{b, admin, models.DecisionReject, "too big"},
		{c, f.user, models.DecisionCancel, "not needed"},
		{a, admin, models.DecisionDecommission, "retired"},
	} {
		if err := models.Decide(f.db, d.who, d.r, d.decision, d.text); err != nil {
			t.Fatalf("%s %s: %v", d.decision, d.r.VMName, err)
		}
		checkCountsMatch(t, f.base)
	}

	figures, err := models.ReadDashboard(f.base, f.user.ID, false, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 12, 5)
	if err != nil {
		t.Fatal(err)
	}
	if figures.All != nil || figures.Oldest != nil {
		t.Fatalf("a user's dashboard has the admins' figures: %+v", figures)
	}
	mine := figures.Mine
	want := map[string]int64{models.StatusRejected: 1, models.StatusCancelled: 1, models.StatusDecommissioned: 1}
	if len(mine) != len(models.Statuses) {
		t.Fatalf("own counts: %+v, want every status", mine)
	}
	for _, s := range mine {
		if s.N != want[s.Status] {
			t.Errorf("own %s: %d, want %d", s.Status, s.N, want[s.Status])
		}
	}

	figures, err = models.ReadDashboard(f.base, f.user.ID, true, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 12, 5)
	if err != nil {
		t.Fatal(err)
	}
	all := figures.All
	first, last := all.Months[0], all.Months[11]
	if len(all.Months) != 12 || !first.Month.Equal(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)) ||
		!last.Month.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("months %v … %v, want December 2025 … November 2026", first.Month, last.Month)
	}
	if last.Total != 2 || all.Months[9].Total != 1 || all.Months[9].Counts[4] != 1 { // September: the cancelled one
		t.Fatalf("November %+v, September %+v", last, all.Months[9])
	}
	if all.InStatus(models.StatusPending) != 0 || all.InStatus(models.StatusDecommissioned) != 1 {
		t.Fatalf("totals %+v", all.ByStatus)
	}

	// A request older than the chart counts in the totals, not in a month.
	old := validInput("count-old")
	old.text["request_date"] = "2024-01-15"
	f.create(t, old)
	figures, err = models.ReadDashboard(f.base, admin.ID, true, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), 12, 5)
	if err != nil {
		t.Fatal(err)
	}
	all = figures.All
	if len(figures.Oldest) != 1 || figures.Oldest[0].VMName != "count-old" {
		t.Fatalf("oldest Pending %+v, want count-old alone", figures.Oldest)
	}
	var charted int64
	for _, m := range all.Months {
		charted += m.Total
	}
	if all.InStatus(models.StatusPending) != 1 || charted != 3 {
		t.Fatalf("after an old request: totals %+v, %d in the chart's months, want 1 Pending and 3", all.ByStatus, charted)
	}
}

// TestSummaryCountsAfterBulkCopy: seed-demo writes with COPY from several
// connections at once; the statement triggers count those rows too.
func TestSummaryCountsAfterBulkCopy(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	if err := database.SeedDemo(context.Background(), db, 3000, nil); err != nil {
		t.Fatal(err)
	}
	checkCountsMatch(t, db.Gorm)

	figures, err := models.ReadDashboard(db.Gorm, 0, true, models.Today(), 12, 5)
	if err != nil {
		t.Fatal(err)
	}
	oldest := figures.Oldest
	var want []int64
	db.Gorm.Raw("SELECT id FROM vm_requests WHERE status = 'Pending' ORDER BY id LIMIT 5").Scan(&want)
	if len(oldest) != len(want) || len(want) == 0 {
		t.Fatalf("oldest pending: %d, want %d", len(oldest), len(want))
	}
	for i, r := range oldest {
		if r.ID != want[i] || r.VMName == "" {
			t.Fatalf("oldest pending %d: %+v, want id %d", i, r, want[i])
		}
	}
}
