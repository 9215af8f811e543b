package models_test

import (
	"testing"
	"time"

	"vmportal/models"
)

// TestDashboardHostsAreTheRegisteredHosts: the hosts an admin's dashboard
// reads with its figures are those the hosts page lists, in the same
// order, with the same sizes, ratios and allocations; a retired host is
// in neither, and a user's dashboard has none.
func TestDashboardHostsAreTheRegisteredHosts(t *testing.T) {
	f := newCapFixture(t)
	read := func(all bool) *models.Dashboard {
		t.Helper()
		d, err := models.ReadDashboard(f.base, f.admin.ID, all, time.Now(), 12, 5)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if hosts := read(true).Hosts; len(hosts) != 0 {
		t.Fatalf("no host registered, the dashboard has %d", len(hosts))
	}
	f.host(t, "Zeta-01", 16, 64, 1000, "1", "1")
	f.host(t, "alpha-01", 8, 32, 500, "1.25", "2.5")
	retired := f.host(t, "beta-01", 4, 8, 100, "1", "1")
	if _, err := models.RetireHost(f.adminDB, retired.ID); err != nil {
		t.Fatal(err)
	}
	r := f.request(t, f.user, "dash-host-1", "ALPHA-01", 4, 16, 200)
	if err := f.approve(t, f.adminDB, f.admin, r.ID); err != nil {
		t.Fatal(err)
	}

	want, err := models.RegisteredHosts(f.base)
	if err != nil {
		t.Fatal(err)
	}
	got := read(true).Hosts
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("dashboard hosts %+v; the hosts page's %+v", got, want)
	}
	for i := range want {
		w := want[i]
		w.CreatedAt, w.UpdatedAt, w.RetiredAt = time.Time{}, time.Time{}, nil // not read for the dashboard
		if got[i] != w {
			t.Errorf("host %d: dashboard %+v, hosts page %+v", i, got[i], w)
		}
	}
	if got[0].Name != "alpha-01" || got[0].CPUOvercommit != 125 || got[0].RAMOvercommit != 250 || got[0].AllocCPUs != 4 || got[0].AllocRAMGB != 16 {
		t.Errorf("first host %+v: want alpha-01, ratios 1.25 and 2.50, 4 cores and 16 GB taken", got[0])
	}
	if hosts := read(false).Hosts; hosts != nil {
		t.Errorf("a user's dashboard read %d hosts", len(hosts))
	}
}
