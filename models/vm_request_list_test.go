package models_test

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

// TestListSortsAndFiltersAgreeWithGo checks every sort, in both
// directions, alone and with filters and the name search, on several
// pages and through the CSV export's batches, against the same filter and
// order applied in Go to every row.
func TestListSortsAndFiltersAgreeWithGo(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	if err := database.SeedDemo(context.Background(), db, 4000, nil); err != nil {
		t.Fatal(err)
	}
	var rows []*models.VMRequest
	if err := db.Gorm.Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	some := rows[len(rows)/2]
	from, to := some.RequestDate.AddDate(0, -3, 0), some.RequestDate
	filters := map[string]models.RequestFilter{
		"none":      {},
		"status":    {Status: models.StatusActive},
		"host":      {VirtualHost: some.VirtualHost},
		"location":  {PhysicalLocation: some.PhysicalLocation, OperatingSystem: some.OperatingSystem},
		"requestor": {Requestor: strings.ToUpper(some.RequestorName[:3])},
		"email":     {Requestor: some.RequestorEmail},
		"dates":     {From: from, To: to},
		"owner":     {OwnerID: some.CreatedByID, Status: models.StatusPending},
		"search":    {Search: "crm"},
		"rare":      {Search: "-00000", Status: models.StatusActive}, // clustered among the oldest: the fallback plan
		"all":       {Search: "-", Status: some.Status, VirtualHost: some.VirtualHost, From: from, To: to},
	}
	sorts := []models.RequestSort{{}}
	for _, f := range models.SortFields() {
		sorts = append(sorts, models.RequestSort{Key: f.Key}, models.RequestSort{Key: f.Key, Desc: true})
	}
	for name, f := range filters {
		if len(goList(rows, f)) == 0 {
			t.Fatalf("filter %s matches nothing: the cases would prove little", name)
		}
		for _, s := range sorts {
			for _, page := range []int{1, 3} {
				f.Sort = s
				t.Run(fmt.Sprintf("%s/%s-%v/page%d", name, s.Key, s.Desc, page), func(t *testing.T) {
					want := goList(rows, f)
					got, err := models.ListRequests(db.Gorm, f, page)
					if err != nil {
						t.Fatal(err)
					}
					start := min(len(want), (page-1)*models.PerPage)
					want = want[start:]
					var ids []int64
					for _, r := range got.Items {
						ids = append(ids, r.ID)
					}
					if !slices.Equal(ids, want[:min(len(want), models.PerPage)]) || got.HasNext != (len(want) > models.PerPage) {
						t.Fatalf("ids %v (next %v), want %v (of %d)", ids, got.HasNext, want[:min(len(want), models.PerPage)], len(want))
					}
				})
			}
			if name == "none" || name == "status" || name == "search" {
				// The CSV export walks the same order in keyset batches of
				// 500: every row once, in the list's order, across batches.
				t.Run(fmt.Sprintf("%s/%s-%v/export", name, s.Key, s.Desc), func(t *testing.T) {
					var ids []int64
					err := models.EachRequest(db.Gorm, f, func(r *models.ExportRow) error {
						ids = append(ids, r.ID)
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					if want := goList(rows, f); !slices.Equal(ids, want) {
						t.Fatalf("exported %d ids, want %d in the list's order", len(ids), len(want))
					}
				})
			}
		}
	}
}

// goList filters and orders rows as the list should, returning the ids.
func goList(rows []*models.VMRequest, f models.RequestFilter) []int64 {
	var out []*models.VMRequest
	req := strings.ToLower(f.Requestor)
	for _, r := range rows {
		if (f.OwnerID == 0 || r.CreatedByID == f.OwnerID) && (f.Status == "" || r.Status == f.Status) &&
			strings.Contains(strings.ToLower(r.VMName), strings.ToLower(f.Search)) &&
			(req == "" || strings.HasPrefix(strings.ToLower(r.RequestorName), req) || strings.HasPrefix(strings.ToLower(r.RequestorEmail), req)) &&
			(f.VirtualHost == "" || r.VirtualHost == f.VirtualHost) &&
			(f.PhysicalLocation == "" || r.PhysicalLocation == f.PhysicalLocation) &&
			(f.OperatingSystem == "" || r.OperatingSystem == f.OperatingSystem) &&
			(f.From.IsZero() || !r.RequestDate.Before(f.From)) && (f.To.IsZero() || !r.RequestDate.After(f.To)) {
			out = append(out, r)
		}
	}
	key := map[string]func(a, b *models.VMRequest) int{
		"": func(a, b *models.VMRequest) int { return 0 },
		"vm_name": func(a, b *models.VMRequest) int {
			return strings.Compare(strings.ToLower(a.VMName), strings.ToLower(b.VMName))
		},
		"status":       func(a, b *models.VMRequest) int { return strings.Compare(a.Status, b.Status) },
		"request_date": func(a, b *models.VMRequest) int { return a.RequestDate.Compare(b.RequestDate) },
		"cpus":         func(a, b *models.VMRequest) int { return cmp.Compare(a.CPUs, b.CPUs) },
		"ram_gb":       func(a, b *models.VMRequest) int { return cmp.Compare(a.RAMGB, b.RAMGB) },
		"disk_gb":      func(a, b *models.VMRequest) int { return cmp.Compare(a.DiskGB, b.DiskGB) },
	}[f.Sort.Key]
	desc := f.Sort.Desc || f.Sort.Key == "" // newest first by default
	byID := func(a, b *models.VMRequest) int { return cmp.Compare(a.ID, b.ID) }
	if f.Sort.Key == "status" { // newest first within a status
		byID = func(a, b *models.VMRequest) int { return cmp.Compare(b.ID, a.ID) }
	}
	slices.SortFunc(out, func(a, b *models.VMRequest) int {
		c := cmp.Or(key(a, b), byID(a, b))
		if desc {
			return -c
		}
		return c
	})
	ids := make([]int64, len(out))
	for i, r := range out {
		ids[i] = r.ID
	}
	return ids
}

// TestParseRequestFilter: the URL round-trips, and values that cannot
// match are dropped rather than failing.
func TestParseRequestFilter(t *testing.T) {
	t.Parallel()
	v := url.Values{"q": {" crm "}, "status": {"Active"}, "requestor": {"ada"}, "virtual_host": {"esx-01"},
		"physical_location": {"DC1"}, "operating_system": {"Debian 12"}, "from": {"2026-01-01"}, "to": {"2026-02-01"},
		"sort": {"cpus"}, "dir": {"desc"}, "mine": {"1"}}
	f := models.ParseRequestFilter(v)
	want := models.RequestFilter{Search: "crm", Status: "Active", Requestor: "ada", VirtualHost: "esx-01",
		PhysicalLocation: "DC1", OperatingSystem: "Debian 12", Mine: true,
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
		Sort: models.RequestSort{Key: "cpus", Desc: true}}
	if f != want {
		t.Fatalf("parsed %+v, want %+v", f, want)
	}
	if again := models.ParseRequestFilter(f.Values()); again != want {
		t.Fatalf("round trip %+v", again)
	}
	bad := models.ParseRequestFilter(url.Values{"status": {"Deleted"}, "sort": {"notes; DROP TABLE users"}, "dir": {"up"},
		"from": {"2026-13-01"}, "to": {"yesterday"}, "requestor": {strings.Repeat("é", 300)}, "mine": {"yes"}})
	if bad.Status != "" || bad.Sort != (models.RequestSort{}) || !bad.From.IsZero() || !bad.To.IsZero() || bad.Mine ||
		len([]rune(bad.Requestor)) != models.MaxTextField {
		t.Fatalf("bad values kept: %+v", bad)
	}
	if bad.Filtered() != true || (models.RequestFilter{Sort: models.RequestSort{Key: "cpus"}, OwnerID: 3}).Filtered() {
		t.Fatal("Filtered: a requestor filters, a sort or an owner alone does not")
	}
}
