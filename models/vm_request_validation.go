package models

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of a request's fields (SPEC §3). The form's HTML attributes and
// the database's CHECK constraints say the same.
const (
	MaxCPUs       = 128
	MaxRAMGB      = 4096
	MaxDiskGB     = 65536
	MaxVLANs      = 64
	MaxVLANID     = 4094
	MaxVLANName   = 100
	MaxNotes      = 10000
	MaxTextField  = 200
	MaxVMNameLen  = 63
	DateLayout    = "2006-01-02"
	VMNamePattern = `^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`
)

var vmNameRE = regexp.MustCompile(VMNamePattern)

// RequestFieldOrder is the order of the request form's fields, for error
// summaries.
var RequestFieldOrder = []string{
	"vm_name", "request_date", "cpus", "ram_gb", "disk_gb", "physical_location", "virtual_host", "operating_system",
	"requestor_name", "requestor_email", "primary_admin_name", "primary_admin_email",
	"secondary_admin_name", "secondary_admin_email", "backup_required", "backup_frequency", "vlans", "notes",
}

// RequestInput is the request form as typed: all strings, so that invalid
// input can be shown back exactly as entered.
type RequestInput struct {
	VMName              string
	RequestorName       string
	RequestorEmail      string
	PrimaryAdminName    string
	PrimaryAdminEmail   string
	SecondaryAdminName  string
	SecondaryAdminEmail string
	RequestDate         string
	CPUs                string
	RAMGB               string
	DiskGB              string
	PhysicalLocation    string
	VirtualHost         string
	OperatingSystem     string
	BackupRequired      string // "Yes" or "No"
	BackupFrequency     string
	Notes               string
	VLANs               []VLANInput
}

// VLANInput is one VLAN row of the form as typed.
type VLANInput struct {
	ID   string
	Name string
}

// InputFromRequest fills the form from a stored request, for editing.
func InputFromRequest(r *VMRequest) RequestInput {
	in := RequestInput{
		VMName: r.VMName, RequestorName: r.RequestorName, RequestorEmail: r.RequestorEmail,
		PrimaryAdminName: r.PrimaryAdminName, PrimaryAdminEmail: r.PrimaryAdminEmail,
		SecondaryAdminName: r.SecondaryAdminName, SecondaryAdminEmail: r.SecondaryAdminEmail,
		RequestDate: r.RequestDate.Format(DateLayout),
		CPUs:        strconv.Itoa(r.CPUs), RAMGB: strconv.Itoa(r.RAMGB), DiskGB: strconv.Itoa(r.DiskGB),
		PhysicalLocation: r.PhysicalLocation, VirtualHost: r.VirtualHost, OperatingSystem: r.OperatingSystem,
		BackupRequired: yesNo(r.BackupRequired), BackupFrequency: r.BackupFrequency, Notes: r.Notes,
	}
	for _, v := range r.VLANs {
		in.VLANs = append(in.VLANs, VLANInput{ID: strconv.Itoa(v.VLANID), Name: v.Name})
	}
	return in
}

// ApplyTo copies the input into the editable fields of r (never status,
// owner or decision) and returns every rule the input breaks, keyed by
// form field name: "vm_name", "cpus", "vlans.2.vlan_id", …
func (in RequestInput) ApplyTo(r *VMRequest) FieldErrors {
	fe := FieldErrors{}
	r.VMName = strings.TrimSpace(in.VMName)
	r.RequestorName = strings.TrimSpace(in.RequestorName)
	r.RequestorEmail = strings.TrimSpace(in.RequestorEmail)
	r.PrimaryAdminName = strings.TrimSpace(in.PrimaryAdminName)
	r.PrimaryAdminEmail = strings.TrimSpace(in.PrimaryAdminEmail)
	r.SecondaryAdminName = strings.TrimSpace(in.SecondaryAdminName)
	r.SecondaryAdminEmail = strings.TrimSpace(in.SecondaryAdminEmail)
	r.PhysicalLocation = strings.TrimSpace(in.PhysicalLocation)
	r.VirtualHost = strings.TrimSpace(in.VirtualHost)
	r.OperatingSystem = strings.TrimSpace(in.OperatingSystem)
	r.Notes = strings.ReplaceAll(in.Notes, "\r\n", "\n")

	r.RequestDate = Today()
	if d := strings.TrimSpace(in.RequestDate); d != "" {
		t, err := time.Parse(DateLayout, d)
		if err != nil {
			fe.Add("request_date", "Enter the Request Date as YYYY-MM-DD.")
		}
		r.RequestDate = t
	}
	r.CPUs = parseCount(in.CPUs)
	r.RAMGB = parseCount(in.RAMGB)
	r.DiskGB = parseCount(in.DiskGB)

	switch in.BackupRequired {
	case "Yes":
		r.BackupRequired = true
		r.BackupFrequency = in.BackupFrequency
	case "No":
		// Frequency is meaningless without a backup; the form disables it.
		r.BackupRequired, r.BackupFrequency = false, ""
	default:
		fe.Add("backup_required", "Choose whether a backup is required.")
	}

	r.VLANs = []VLAN{}
	for i, v := range in.VLANs {
		id, name := strings.TrimSpace(v.ID), strings.TrimSpace(v.Name)
		if id == "" && name == "" {
			continue // an empty row added and left blank
		}
		n, err := strconv.Atoi(id)
		if err != nil {
			fe.Add(vlanField(i, "vlan_id"), vlanIDMessage)
			n = 0
		}
		r.VLANs = append(r.VLANs, VLAN{Position: len(r.VLANs), VLANID: n, Name: name, formRow: i + 1})
	}
	for k, v := range r.Validate() {
		fe.Add(k, v)
	}
	return fe
}

// Validate checks every rule of SPEC §3 on a typed request. It is the one
// place the rules live: forms report its messages, the save callbacks refuse
// what it refuses, and the schema's CHECKs back it up.
func (r *VMRequest) Validate() FieldErrors {
	fe := FieldErrors{}
	switch {
	case r.VMName == "":
		fe.Add("vm_name", "Enter the VM Name.")
	case len(r.VMName) > MaxVMNameLen || !vmNameRE.MatchString(r.VMName):
		fe.Add("vm_name", "VM Name must be 1–63 letters, digits or hyphens, not starting or ending with a hyphen.")
	}
	checkRequiredText(fe, "requestor_name", "Requestor Name", r.RequestorName, MaxTextField)
	checkEmail(fe, "requestor_email", "Requestor Email", r.RequestorEmail)
	checkRequiredText(fe, "primary_admin_name", "Primary Admin Name", r.PrimaryAdminName, MaxTextField)
	checkEmail(fe, "primary_admin_email", "Primary Admin Email", r.PrimaryAdminEmail)
	switch {
	case r.SecondaryAdminName == "" && r.SecondaryAdminEmail != "":
		fe.Add("secondary_admin_name", "Enter the Secondary Admin Name too, or leave both secondary admin fields empty.")
	case r.SecondaryAdminName != "" && r.SecondaryAdminEmail == "":
		fe.Add("secondary_admin_email", "Enter the Secondary Admin Email too, or leave both secondary admin fields empty.")
	case r.SecondaryAdminName != "":
		checkRequiredText(fe, "secondary_admin_name", "Secondary Admin Name", r.SecondaryAdminName, MaxTextField)
		checkEmail(fe, "secondary_admin_email", "Secondary Admin Email", r.SecondaryAdminEmail)
	}
	if r.RequestDate.IsZero() {
		fe.Add("request_date", "Enter the Request Date as YYYY-MM-DD.")
	}
	checkRange(fe, "cpus", "CPUs", r.CPUs, MaxCPUs)
	checkRange(fe, "ram_gb", "RAM (GB)", r.RAMGB, MaxRAMGB)
	checkRange(fe, "disk_gb", "Disk (GB)", r.DiskGB, MaxDiskGB)
	checkRequiredText(fe, "physical_location", "Physical Location", r.PhysicalLocation, MaxTextField)
	checkRequiredText(fe, "virtual_host", "Virtual Host", r.VirtualHost, MaxTextField)
	checkRequiredText(fe, "operating_system", "Operating System", r.OperatingSystem, MaxTextField)
	if r.BackupRequired && !slices.Contains(BackupFrequencies, r.BackupFrequency) {
		fe.Add("backup_frequency", "Choose a Backup Frequency: Daily, Weekly or Monthly.")
	}
	if !r.BackupRequired && r.BackupFrequency != "" {
		fe.Add("backup_frequency", "Backup Frequency must be empty when no backup is required.")
	}
	if n := len([]rune(r.Notes)); n > MaxNotes {
		fe.Add("notes", fmt.Sprintf("Notes can be at most %d characters (these are %d).", MaxNotes, n))
	}
	if !slices.Contains(Statuses, r.Status) && r.Status != "" {
		fe.Add("status", "Unknown status.")
	}
	r.validateVLANs(fe)
	return fe
}

const vlanIDMessage = "Enter a VLAN ID from 1 to 4094."

func (r *VMRequest) validateVLANs(fe FieldErrors) {
	if len(r.VLANs) > MaxVLANs {
		fe.Add("vlans", fmt.Sprintf("A request can have at most %d VLANs (this one has %d).", MaxVLANs, len(r.VLANs)))
	}
	seen := map[int]bool{}
	for i, v := range r.VLANs {
		row := i
		if v.formRow > 0 {
			row = v.formRow - 1 // report against the row as submitted
		}
		switch {
		case v.VLANID < 1 || v.VLANID > MaxVLANID:
			fe.Add(vlanField(row, "vlan_id"), vlanIDMessage)
		case seen[v.VLANID]:
			fe.Add(vlanField(row, "vlan_id"), fmt.Sprintf("VLAN %d is listed twice.", v.VLANID))
		}
		seen[v.VLANID] = true
		if len([]rune(v.Name)) > MaxVLANName {
			fe.Add(vlanField(row, "name"), fmt.Sprintf("VLAN Name can be at most %d characters.", MaxVLANName))
		}
	}
}

// vlanField names the field of VLAN row i in FieldErrors.
func vlanField(i int, field string) string { return fmt.Sprintf("vlans.%d.%s", i, field) }

func checkRange(fe FieldErrors, field, label string, v, max int) {
	if v < 1 || v > max {
		fe.Add(field, fmt.Sprintf("%s must be a whole number from 1 to %d.", label, max))
	}
}

// parseCount parses a whole number; a bad one becomes 0, which the range
// check then reports with the field's own message.
func parseCount(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// Today is the current date in UTC, the default Request Date.
func Today() time.Time {
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
