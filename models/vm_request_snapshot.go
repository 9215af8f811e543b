package models

import (
	"strconv"
)

// Snapshot is a request's state as people read it, stored as JSON in
// vm_history: the original submission and the state before each change.
type Snapshot struct {
	VMName              string         `json:"vm_name"`
	RequestorName       string         `json:"requestor_name"`
	RequestorEmail      string         `json:"requestor_email"`
	PrimaryAdminName    string         `json:"primary_admin_name"`
	PrimaryAdminEmail   string         `json:"primary_admin_email"`
	SecondaryAdminName  string         `json:"secondary_admin_name"`
	SecondaryAdminEmail string         `json:"secondary_admin_email"`
	RequestDate         string         `json:"request_date"`
	CPUs                int            `json:"cpus"`
	RAMGB               int            `json:"ram_gb"`
	DiskGB              int            `json:"disk_gb"`
	PhysicalLocation    string         `json:"physical_location"`
	VirtualHost         string         `json:"virtual_host"`
	OperatingSystem     string         `json:"operating_system"`
	BackupRequired      bool           `json:"backup_required"`
	BackupFrequency     string         `json:"backup_frequency"`
	VLANs               []SnapshotVLAN `json:"vlans"`
	Notes               string         `json:"notes"`
	Status              string         `json:"status"`
	DecisionReason      string         `json:"decision_reason,omitempty"`
	Version             int            `json:"version"`
}

// SnapshotVLAN is a VLAN inside a Snapshot.
type SnapshotVLAN struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
}

// Snapshot captures r's current state.
func (r *VMRequest) Snapshot() Snapshot {
	s := Snapshot{
		VMName: r.VMName, RequestorName: r.RequestorName, RequestorEmail: r.RequestorEmail,
		PrimaryAdminName: r.PrimaryAdminName, PrimaryAdminEmail: r.PrimaryAdminEmail,
		SecondaryAdminName: r.SecondaryAdminName, SecondaryAdminEmail: r.SecondaryAdminEmail,
		RequestDate: r.RequestDate.Format(DateLayout), CPUs: r.CPUs, RAMGB: r.RAMGB, DiskGB: r.DiskGB,
		PhysicalLocation: r.PhysicalLocation, VirtualHost: r.VirtualHost, OperatingSystem: r.OperatingSystem,
		BackupRequired: r.BackupRequired, BackupFrequency: r.BackupFrequency, Notes: r.Notes,
		Status: r.Status, DecisionReason: r.DecisionReason, Version: r.Version,
		VLANs: make([]SnapshotVLAN, len(r.VLANs)),
	}
	for i, v := range r.VLANs {
		s.VLANs[i] = SnapshotVLAN{ID: v.VLANID, Name: v.Name}
	}
	return s
}

// LabeledValue is one field of a snapshot as a page shows it.
type LabeledValue struct {
	Key   string
	Label string
	Value string
}

// snapshotFields lists the fields people see, with their form labels, in
// form order. Diffs and the detail page both read it, so a field added here
// shows up everywhere.
var snapshotFields = []struct {
	key, label string
	get        func(*Snapshot) string
}{
	{"vm_name", "VM Name", func(s *Snapshot) string { return s.VMName }},
	{"requestor_name", "Requestor Name", func(s *Snapshot) string { return s.RequestorName }},
	{"requestor_email", "Requestor Email", func(s *Snapshot) string { return s.RequestorEmail }},
	{"primary_admin_name", "Primary Admin Name", func(s *Snapshot) string { return s.PrimaryAdminName }},
	{"primary_admin_email", "Primary Admin Email", func(s *Snapshot) string { return s.PrimaryAdminEmail }},
	{"secondary_admin_name", "Secondary Admin Name", func(s *Snapshot) string { return s.SecondaryAdminName }},
	{"secondary_admin_email", "Secondary Admin Email", func(s *Snapshot) string { return s.SecondaryAdminEmail }},
	{"request_date", "Request Date", func(s *Snapshot) string { return s.RequestDate }},
	{"cpus", "CPUs", func(s *Snapshot) string { return strconv.Itoa(s.CPUs) }},
	{"ram_gb", "RAM (GB)", func(s *Snapshot) string { return strconv.Itoa(s.RAMGB) }},
	{"disk_gb", "Disk (GB)", func(s *Snapshot) string { return strconv.Itoa(s.DiskGB) }},
	{"physical_location", "Physical Location", func(s *Snapshot) string { return s.PhysicalLocation }},
	{"virtual_host", "Virtual Host", func(s *Snapshot) string { return s.VirtualHost }},
	{"operating_system", "Operating System", func(s *Snapshot) string { return s.OperatingSystem }},
	{"backup_required", "Backup Required", func(s *Snapshot) string { return yesNo(s.BackupRequired) }},
	{"backup_frequency", "Backup Frequency", func(s *Snapshot) string { return s.BackupFrequency }},
	{"vlans", "VLANs", func(s *Snapshot) string { return s.vlanSummary() }},
	{"notes", "Notes", func(s *Snapshot) string { return s.Notes }},
	{"status", "Status", func(s *Snapshot) string { return s.Status }},
	{"decision_reason", "Reason", func(s *Snapshot) string { return s.DecisionReason }},
}

// Fields lists the snapshot's fields with their labels, in form order.
func (s Snapshot) Fields() []LabeledValue {
	out := make([]LabeledValue, 0, len(snapshotFields))
	for _, f := range snapshotFields {
		out = append(out, LabeledValue{Key: f.key, Label: f.label, Value: f.get(&s)})
	}
	return out
}

func (s *Snapshot) vlanSummary() string {
	vlans := make([]VLAN, len(s.VLANs))
	for i, v := range s.VLANs {
		vlans[i] = VLAN{VLANID: v.ID, Name: v.Name}
	}
	return VLANSummary(vlans)
}

// Change is one field that changed, as old → new text.
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Diff lists the fields whose shown value differs between before and after.
func Diff(before, after Snapshot) []Change {
	var changes []Change
	for _, f := range snapshotFields {
		o, n := f.get(&before), f.get(&after)
		if o != n {
			changes = append(changes, Change{Field: f.key, Label: f.label, Old: o, New: n})
		}
	}
	return changes
}
