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
		change func(*models.RequestInput)
		field  string
	}{
		{"valid as is", func(in *models.RequestInput) {}, ""},
		{"VM name required", func(in *models.RequestInput) { in.VMName = " " }, "vm_name"},
		{"VM name 63 chars ok", func(in *models.RequestInput) { in.VMName = strings.Repeat("a", 63) }, ""},
		{"VM name 64 chars", func(in *models.RequestInput) { in.VMName = strings.Repeat("a", 64) }, "vm_name"},
		{"VM name leading hyphen", func(in *models.RequestInput) { in.VMName = "-web" }, "vm_name"},
		{"VM name trailing hyphen", func(in *models.RequestInput) { in.VMName = "web-" }, "vm_name"},
		{"VM name underscore", func(in *models.RequestInput) { in.VMName = "web_01" }, "vm_name"},
		{"VM name single char", func(in *models.RequestInput) { in.VMName = "a" }, ""},
		{"requestor name required", func(in *models.RequestInput) { in.RequestorName = "" }, "requestor_name"},
		{"requestor email required", func(in *models.RequestInput) { in.RequestorEmail = "" }, "requestor_email"},
		{"requestor email invalid", func(in *models.RequestInput) { in.RequestorEmail = "ada@" }, "requestor_email"},
		{"requestor email with name", func(in *models.RequestInput) { in.RequestorEmail = "Ada <ada@example.com>" }, "requestor_email"},
		{"primary admin name required", func(in *models.RequestInput) { in.PrimaryAdminName = "" }, "primary_admin_name"},
		{"primary admin email invalid", func(in *models.RequestInput) { in.PrimaryAdminEmail = "grace.example.com" }, "primary_admin_email"},
		{"secondary admin both ok", func(in *models.RequestInput) {
			in.SecondaryAdminName, in.SecondaryAdminEmail = "Linus", "linus@example.com"
		}, ""},
		{"secondary admin name only", func(in *models.RequestInput) { in.SecondaryAdminName = "Linus" }, "secondary_admin_email"},
		{"secondary admin email only", func(in *models.RequestInput) { in.SecondaryAdminEmail = "linus@example.com" }, "secondary_admin_name"},
		{"secondary admin email invalid", func(in *models.RequestInput) {
			in.SecondaryAdminName, in.SecondaryAdminEmail = "Linus", "linus"
		}, "secondary_admin_email"},
		{"request date defaults to today", func(in *models.RequestInput) { in.RequestDate = "" }, ""},
		{"request date malformed", func(in *models.RequestInput) { in.RequestDate = "20/11/2026" }, "request_date"},
		{"cpus 0", func(in *models.RequestInput) { in.CPUs = "0" }, "cpus"},
		{"cpus 128 ok", func(in *models.RequestInput) { in.CPUs = "128" }, ""},
		{"cpus 129", func(in *models.RequestInput) { in.CPUs = "129" }, "cpus"},
		{"cpus not a number", func(in *models.RequestInput) { in.CPUs = "four" }, "cpus"},
		{"cpus fraction", func(in *models.RequestInput) { in.CPUs = "1.5" }, "cpus"},
		{"ram 4096 ok", func(in *models.RequestInput) { in.RAMGB = "4096" }, ""},
		{"ram 4097", func(in *models.RequestInput) { in.RAMGB = "4097" }, "ram_gb"},
		{"ram empty", func(in *models.RequestInput) { in.RAMGB = "" }, "ram_gb"},
		{"disk 65536 ok", func(in *models.RequestInput) { in.DiskGB = "65536" }, ""},
		{"disk 65537", func(in *models.RequestInput) { in.DiskGB = "65537" }, "disk_gb"},
		{"disk negative", func(in *models.RequestInput) { in.DiskGB = "-1" }, "disk_gb"},
		{"physical location required", func(in *models.RequestInput) { in.PhysicalLocation = "" }, "physical_location"},
		{"virtual host required", func(in *models.RequestInput) { in.VirtualHost = " " }, "virtual_host"},
		{"operating system required", func(in *models.RequestInput) { in.OperatingSystem = "" }, "operating_system"},
		{"operating system too long", func(in *models.RequestInput) { in.OperatingSystem = strings.Repeat("x", 201) }, "operating_system"},
		{"backup required missing", func(in *models.RequestInput) { in.BackupRequired = "" }, "backup_required"},
		{"backup yes without frequency", func(in *models.RequestInput) { in.BackupFrequency = "" }, "backup_frequency"},
		{"backup yes unknown frequency", func(in *models.RequestInput) { in.BackupFrequency = "Hourly" }, "backup_frequency"},
		{"backup no clears frequency", func(in *models.RequestInput) { in.BackupRequired = "No" }, ""},
		{"no VLANs ok", func(in *models.RequestInput) { in.VLANs = nil }, ""},
		{"blank VLAN rows ignored", func(in *models.RequestInput) { in.VLANs = append(in.VLANs, models.VLANInput{}) }, ""},
		{"VLAN id 0", func(in *models.RequestInput) { in.VLANs[1].ID = "0" }, "vlans.1.vlan_id"},
		{"VLAN id 4094 ok", func(in *models.RequestInput) { in.VLANs[1].ID = "4094" }, ""},
		{"VLAN id 4095", func(in *models.RequestInput) { in.VLANs[1].ID = "4095" }, "vlans.1.vlan_id"},
		{"VLAN name without id", func(in *models.RequestInput) { in.VLANs[1] = models.VLANInput{Name: "orphan"} }, "vlans.1.vlan_id"},
		{"VLAN duplicate id", func(in *models.RequestInput) { in.VLANs[1].ID = "10" }, "vlans.1.vlan_id"},
		{"VLAN name too long", func(in *models.RequestInput) { in.VLANs[0].Name = strings.Repeat("n", 101) }, "vlans.0.name"},
		{"64 VLANs ok", func(in *models.RequestInput) { in.VLANs = vlans(64) }, ""},
		{"65 VLANs", func(in *models.RequestInput) { in.VLANs = vlans(65) }, "vlans"},
		{"notes 10000 ok", func(in *models.RequestInput) { in.Notes = strings.Repeat("é", 10000) }, ""},
		{"notes 10001", func(in *models.RequestInput) { in.Notes = strings.Repeat("n", 10001) }, "notes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput("web-01")
			tc.change(&in)
			r := &models.VMRequest{}
			fe := in.ApplyTo(r)
			if tc.field == "" {
				if len(fe) > 0 {
					t.Fatalf("valid input refused: %v", fe)
				}
				return
			}
			if fe[tc.field] == "" {
				t.Fatalf("no error on %s; errors: %v", tc.field, fe)
			}
			if len(fe) != 1 {
				t.Errorf("one rule broken, %d errors: %v", len(fe), fe)
			}
		})
	}
}

func vlans(n int) []models.VLANInput {
	out := make([]models.VLANInput, n)
	for i := range out {
		out[i] = models.VLANInput{ID: strconv.Itoa(i + 1)}
	}
	return out
}

func TestBackupNoStoresEmptyFrequency(t *testing.T) {
	t.Parallel()
	in := validInput("web-01")
	in.BackupRequired, in.BackupFrequency = "No", "Daily"
	r := &models.VMRequest{}
	if fe := in.ApplyTo(r); len(fe) > 0 || r.BackupRequired || r.BackupFrequency != "" {
		t.Fatalf("backup No: %v, frequency %q", fe, r.BackupFrequency)
	}
}
