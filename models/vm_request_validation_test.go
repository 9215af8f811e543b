package models_test

import (
	"strconv"
	"strings"
	"testing"

	"vmportal/models"
)

// Every rule of SPEC §3, one row each: the field, the input change, and
// the field the error must be reported on ("" = valid).
func TestRequestValidationRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(*input)
		field  string
	}{
		{"valid as is", func(in *input) {}, ""},
		{"VM name required", func(in *input) { in.text["vm_name"] = " " }, "vm_name"},
		{"VM name 63 chars ok", func(in *input) { in.text["vm_name"] = strings.Repeat("a", 63) }, ""},
		{"VM name 64 chars", func(in *input) { in.text["vm_name"] = strings.Repeat("a", 64) }, "vm_name"},
		{"VM name leading hyphen", func(in *input) { in.text["vm_name"] = "-web" }, "vm_name"},
		{"VM name trailing hyphen", func(in *input) { in.text["vm_name"] = "web-" }, "vm_name"},
		{"VM name underscore", func(in *input) { in.text["vm_name"] = "web_01" }, "vm_name"},
		{"VM name single char", func(in *input) { in.text["vm_name"] = "a" }, ""},
		{"requestor name required", func(in *input) { in.text["requestor_name"] = "" }, "requestor_name"},
		{"requestor email required", func(in *input) { in.text["requestor_email"] = "" }, "requestor_email"},
		{"requestor email invalid", func(in *input) { in.text["requestor_email"] = "ada@" }, "requestor_email"},
		{"requestor email with name", func(in *input) { in.text["requestor_email"] = "Ada <ada@example.com>" }, "requestor_email"},
		{"primary admin name required", func(in *input) { in.text["primary_admin_name"] = "" }, "primary_admin_name"},
		{"primary admin email invalid", func(in *input) { in.text["primary_admin_email"] = "grace.example.com" }, "primary_admin_email"},
		{"secondary admin both ok", func(in *input) {
			in.text["secondary_admin_name"], in.text["secondary_admin_email"] = "Linus", "linus@example.com"
		}, ""},
		{"secondary admin name only", func(in *input) { in.text["secondary_admin_name"] = "Linus" }, "secondary_admin_email"},
		{"secondary admin email only", func(in *input) { in.text["secondary_admin_email"] = "linus@example.com" }, "secondary_admin_name"},
		{"secondary admin email invalid", func(in *input) {
			in.text["secondary_admin_name"], in.text["secondary_admin_email"] = "Linus", "linus"
		}, "secondary_admin_email"},
		{"request date defaults to today", func(in *input) { in.text["request_date"] = "" }, ""},
		{"request date malformed", func(in *input) { in.text["request_date"] = "20/11/2026" }, "request_date"},
		{"cpus 0", func(in *input) { in.text["cpus"] = "0" }, "cpus"},
		{"cpus 128 ok", func(in *input) { in.text["cpus"] = "128" }, ""},
		{"cpus 129", func(in *input) { in.text["cpus"] = "129" }, "cpus"},
		{"cpus not a number", func(in *input) { in.text["cpus"] = "four" }, "cpus"},
		{"cpus fraction", func(in *input) { in.text["cpus"] = "1.5" }, "cpus"},
		{"ram 4096 ok", func(in *input) { in.text["ram_gb"] = "4096" }, ""},
		{"ram 4097", func(in *input) { in.text["ram_gb"] = "4097" }, "ram_gb"},
		{"ram empty", func(in *input) { in.text["ram_gb"] = "" }, "ram_gb"},
		{"disk 65536 ok", func(in *input) { in.text["disk_gb"] = "65536" }, ""},
		{"disk 65537", func(in *input) { in.text["disk_gb"] = "65537" }, "disk_gb"},
		{"disk negative", func(in *input) { in.text["disk_gb"] = "-1" }, "disk_gb"},
		{"physical location required", func(in *input) { in.text["physical_location"] = "" }, "physical_location"},
		{"virtual host required", func(in *input) { in.text["virtual_host"] = " " }, "virtual_host"},
		{"operating system required", func(in *input) { in.text["operating_system"] = "" }, "operating_system"},
		{"operating system too long", func(in *input) { in.text["operating_system"] = strings.Repeat("x", 201) }, "operating_system"},
		{"backup required missing", func(in *input) { in.text["backup_required"] = "" }, "backup_required"},
		{"backup yes without frequency", func(in *input) { in.text["backup_frequency"] = "" }, "backup_frequency"},
		{"backup yes unknown frequency", func(in *input) { in.text["backup_frequency"] = "Hourly" }, "backup_frequency"},
		{"backup no clears frequency", func(in *input) { in.text["backup_required"] = "No" }, ""},
		{"no VLANs ok", func(in *input) { in.vlans = nil }, ""},
		{"blank VLAN rows ignored", func(in *input) { in.vlans = append(in.vlans, models.VLANRow{}) }, ""},
		{"VLAN id 0", func(in *input) { in.vlans[1].ID = "0" }, "vlans.1.vlan_id"},
		{"VLAN id 4094 ok", func(in *input) { in.vlans[1].ID = "4094" }, ""},
		{"VLAN id 4095", func(in *input) { in.vlans[1].ID = "4095" }, "vlans.1.vlan_id"},
		{"VLAN name without id", func(in *input) { in.vlans[1] = models.VLANRow{Name: "orphan"} }, "vlans.1.vlan_id"},
		{"VLAN duplicate id", func(in *input) { in.vlans[1].ID = "10" }, "vlans.1.vlan_id"},
		{"VLAN name too long", func(in *input) { in.vlans[0].Name = strings.Repeat("n", 101) }, "vlans.0.name"},
		{"64 VLANs ok", func(in *input) { in.vlans = vlans(64) }, ""},
		{"65 VLANs", func(in *input) { in.vlans = vlans(65) }, "vlans"},
		{"notes 10000 ok", func(in *input) { in.text["notes"] = strings.Repeat("é", 10000) }, ""},
		{"notes 10001", func(in *input) { in.text["notes"] = strings.Repeat("n", 10001) }, "notes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput("web-01")
			tc.change(&in)
			r := &models.VMRequest{}
			fe := in.apply(r)
			if tc.field == "" {
				if len(fe) > 0 {
					t.Fatalf("valid input refused: %v", fe)
				}
				return
			}
			if fe[tc.field].IsZero() {
				t.Fatalf("no error on %s; errors: %v", tc.field, fe)
			}
			if len(fe) != 1 {
				t.Errorf("one rule broken, %d errors: %v", len(fe), fe)
			}
		})
	}
}

func vlans(n int) []models.VLANRow {
	out := make([]models.VLANRow, n)
	for i := range out {
		out[i] = models.VLANRow{ID: strconv.Itoa(i + 1)}
	}
	return out
}

func TestBackupNoStoresEmptyFrequency(t *testing.T) {
	t.Parallel()
	in := validInput("web-01")
	in.text["backup_required"], in.text["backup_frequency"] = "No", "Daily"
	r := &models.VMRequest{}
	if fe := in.apply(r); len(fe) > 0 || r.BackupRequired || r.BackupFrequency != "" {
		t.Fatalf("backup No: %v, frequency %q", fe, r.BackupFrequency)
	}
}
