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
	// The removed and renamed rows follow the first version's order.
	want := []compared{
		{"CPUs", "4", "8", ""},
		{"VLAN renamed", "10 (web)", "10 (frontend)", models.VLANRenamed},
		{"VLAN removed", "20", "", models.VLANRemoved},
		{"VLAN added", "", "40 (backup)", models.VLANAdded},
		{"Status", "Pending", "Approved", ""},
	}
	if got := inEnglish(models.Compare(from, to)); !reflect.DeepEqual(got, want) {
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

// compared is a ComparedField as the English page shows it.
type compared struct{ Label, From, To, VLAN string }

func inEnglish(rows []models.ComparedField) []compared {
	out := make([]compared, len(rows))
	for i, r := range rows {
		out[i] = compared{r.Label.String(), r.From, r.To, r.VLAN}
	}
	return out
}
