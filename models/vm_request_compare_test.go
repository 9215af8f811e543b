package models_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"vmportal/models"
)

// snapshot reads a snapshot as vm_history stores it.
func snapshot(t *testing.T, fields map[string]any) models.Snapshot {
	t.Helper()
	b, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	var s models.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Compare lists differing fields in form order, and each VLAN added,
// removed or renamed as a row of its own.
func TestCompareFieldsAndVLANs(t *testing.T) {
	t.Parallel()
	vlan := func(id int, name string) map[string]any { return map[string]any{"id": id, "name": name} }
	from := snapshot(t, map[string]any{"vm_name": "web-01", "cpus": 4, "status": "Pending",
		"vlans": []any{vlan(10, "web"), vlan(20, ""), vlan(30, "db")}})
	to := snapshot(t, map[string]any{"vm_name": "web-01", "cpus": 8, "status": "Approved",
		"vlans": []any{vlan(10, "frontend"), vlan(30, "db"), vlan(40, "backup")}})
	want := []models.ComparedField{
		{Label: "CPUs", From: "4", To: "8"},
		{Label: "VLAN removed", From: "20", VLAN: models.VLANRemoved},
		{Label: "VLAN renamed", From: "10 (web)", To: "10 (frontend)", VLAN: models.VLANRenamed},
		{Label: "VLAN added", To: "40 (backup)", VLAN: models.VLANAdded},
		{Label: "Status", From: "Pending", To: "Approved"},
	}
	got := models.Compare(from, to)
	// The removed and renamed rows follow the first version's order.
	want[1], want[2] = want[2], want[1]
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Compare =\n%+v\nwant\n%+v", got, want)
	}
	if got := models.Compare(to, to); len(got) != 0 {
		t.Errorf("a version compared with itself: %+v", got)
	}
	moved := snapshot(t, map[string]any{"vm_name": "web-01", "cpus": 4, "status": "Pending",
		"vlans": []any{vlan(30, "db"), vlan(10, "web"), vlan(20, "")}})
	if got := models.Compare(from, moved); len(got) != 1 || got[0].VLAN != models.VLANMoved {
		t.Errorf("reordered VLANs: %+v", got)
	}
}
