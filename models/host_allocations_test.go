package models_test

import (
	"testing"

	"vmportal/models"
)

// host_allocations, kept by triggers, always equals the sums it stands
// for: after requests are submitted, approved, activated, edited (sizes,
// host), rejected, cancelled and decommissioned, and after one statement
// that changes many requests at once.
func TestHostAllocationsFollowTheRequests(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	check := func(step string) {
		t.Helper()
		var wrong []string
		err := f.base.Raw(`SELECT coalesce(k.host, s.host) FROM host_allocations k
			FULL JOIN (SELECT lower(virtual_host) AS host, sum(cpus) AS cpus, sum(ram_gb) AS ram_gb, sum(disk_gb) AS disk_gb
				FROM vm_requests WHERE status IN ('Approved', 'Active') GROUP BY 1) s ON s.host = k.host
			WHERE (coalesce(k.cpus, 0), coalesce(k.ram_gb, 0), coalesce(k.disk_gb, 0))
				IS DISTINCT FROM (coalesce(s.cpus, 0), coalesce(s.ram_gb, 0), coalesce(s.disk_gb, 0))`).Scan(&wrong).Error
		if err != nil {
			t.Fatal(err)
		}
		if len(wrong) > 0 {
			t.Fatalf("after %s, host_allocations disagrees with the requests for %v", step, wrong)
		}
	}
	decide := func(id int64, decision, text string) {
		t.Helper()
		if err := models.Decide(f.adminDB, f.admin, f.status(t, id), decision, text); err != nil {
			t.Fatalf("%s %d: %v", decision, id, err)
		}
	}
	edit := func(id int64, change func(r *models.VMRequest)) {
		t.Helper()
		r := f.status(t, id)
		change(r)
		if err := models.UpdateRequest(f.adminDB, r); err != nil {
			t.Fatalf("edit %d: %v", id, err)
		}
	}
	f.host(t, "esx-01", 64, 512, 10000, "1", "1")
	a := f.request(t, f.user, "a", "esx-01", 2, 4, 50)
	b := f.request(t, f.user, "b", "ESX-01", 4, 8, 100)  // the same host, another case
	c := f.request(t, f.user, "c", "esx-02", 8, 16, 200) // a host not registered
	d := f.request(t, f.user, "d", "esx-01", 1, 1, 10)
	check("submitting (nothing counts yet)")
	for _, id := range []int64{a.ID, b.ID, c.ID, d.ID} {
		if err := f.approve(t, f.adminDB, f.admin, id); err != nil {
			t.Fatalf("approve %d: %v", id, err)
		}
	}
	check("approvals")
	decide(a.ID, models.DecisionActivate, "")
	check("an activation (both statuses count)")
	edit(b.ID, func(r *models.VMRequest) { r.CPUs, r.RAMGB = 6, 12 })
	check("an edit of sizes")
	edit(c.ID, func(r *models.VMRequest) { r.VirtualHost = "esx-01" })
	check("a move to another host")
	decide(d.ID, models.DecisionCancel, "not needed")
	decide(a.ID, models.DecisionDecommission, "switched off")
	check("a cancellation and a decommissioning")
	e := f.request(t, f.user, "e", "esx-01", 2, 2, 20)
	decide(e.ID, models.DecisionReject, "no")
	check("a rejection")
	// One statement over many rows (with the history rows the schema
	// demands), as a script would send it.
	if err := f.base.Exec(`WITH h AS (INSERT INTO vm_history (vm_request_id, kind, version, snapshot, changes, changed_at)
		SELECT id, 'updated', version, '{}', '[]', now() FROM vm_requests)
		UPDATE vm_requests SET disk_gb = disk_gb + 1, version = version + 1`).Error; err != nil {
		t.Fatal(err)
	}
	check("one statement changing every request")
}
