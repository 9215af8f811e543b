package models

import (
	"regexp"
	"time"

	"vmportal/i18n"
)

// VMRequest is one request for a virtual machine: the fields of the request
// form, its workflow status, who created and last changed it, the decision,
// and the version used for optimistic locking.
//
// Its form fields are described once, in RequestFields below: to add a
// field, add its column here, its entry there, and a migration.
//
// Saving a VMRequest through GORM runs the callbacks in
// vm_request_history.go, which validate it, keep its VLANs, and write the
// history and audit rows in the same transaction.
type VMRequest struct {
	ID                  int64
	VMName              string
	RequestorName       string
	RequestorEmail      string
	PrimaryAdminName    string
	PrimaryAdminEmail   string
	SecondaryAdminName  string
	SecondaryAdminEmail string
	RequestDate         time.Time `gorm:"type:date"`
	CPUs                int       `gorm:"column:cpus"`
	RAMGB               int       `gorm:"column:ram_gb"`
	DiskGB              int       `gorm:"column:disk_gb"`
	PhysicalLocation    string
	VirtualHost         string
	OperatingSystem     string
	BackupRequired      bool
	BackupFrequency     string
	Notes               string
	Status              string
	CreatedByID         int64
	UpdatedByID         int64
	DecidedByID         *int64
	DecidedAt           *time.Time
	DecisionReason      string
	DecisionNote        string
	ApprovalPolicy      string
	ApprovalsRequired   int
	Approvals           int
	PolicyNote          string
	// policyHold is PolicyNote as a Message, for the page after a save
	// (unexported: neither a column nor part of the JSON).
	policyHold i18n.Message
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time

	// VLANs in their order. Managed by the callbacks, not by GORM's
	// associations: nil means "not loaded, leave them as they are", an
	// empty slice means "no VLANs".
	VLANs []VLAN `gorm:"-:all"`

	// previous is the state before an update, captured by BeforeUpdate
	// under a row lock for AfterUpdate.
	previous *VMRequest
	// restoredFrom is the earlier version this save restores (0: an
	// ordinary save), for AfterUpdate to record.
	restoredFrom int
}

// Limits of a request's fields. The form's HTML attributes come from the
// field descriptions; the database's CHECK constraints say the same.
const (
	MaxVLANs     = 64
	MaxVLANID    = 4094
	MaxVLANName  = 100
	MaxTextField = 200
	DateLayout   = "2006-01-02"
)

// VMNamePattern is a hostname label: letters, digits and hyphens, not at
// either end.
const VMNamePattern = `^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`

// Form sections, in the order the form shows them; each is the key of its
// heading in the catalogs ("section.machine").
const (
	SectionMachine = "machine"
	SectionPeople  = "people"
	SectionBackup  = "backup"
	SectionVLANs   = "vlans"
)

// RequestFields describes every field of a request, in form order: the one
// list that form decoding, validation, the history snapshot and its diff,
// the list table, the detail page, CSV and the API read. Label is the
// English label; pages show the catalog entry "field.<Key>" in the
// reader's language, whose English text must be Label (checked at start).
var RequestFields = resolveFields([]*Field{
	{Key: "vm_name", Label: "VM Name", Kind: KindText, Column: true, Required: true, Max: 63, Section: SectionMachine, Width: 6,
		Pattern: regexp.MustCompile(VMNamePattern),
		Hint:    i18n.M("validation.vm_name_pattern")},
	{Key: "request_date", Label: "Request Date", Kind: KindDate, Column: true, Required: true, Section: SectionMachine, Width: 6,
		Default: func(*User) string { return Today().Format(DateLayout) }},
	{Key: "cpus", Label: "CPUs", Kind: KindInt, Column: true, Required: true, Min: 1, Max: 128, Section: SectionMachine, Width: 4},
	{Key: "ram_gb", Label: "RAM (GB)", Kind: KindInt, Column: true, Required: true, Min: 1, Max: 4096, Section: SectionMachine, Width: 4},
	{Key: "disk_gb", Label: "Disk (GB)", Kind: KindInt, Column: true, Required: true, Min: 1, Max: 65536, Section: SectionMachine, Width: 4},
	{Key: "physical_location", Label: "Physical Location", Kind: KindText, Required: true, Max: MaxTextField,
		Section: SectionMachine, Width: 4, Suggest: true},
	{Key: "virtual_host", Label: "Virtual Host", Kind: KindText, Required: true, Max: MaxTextField,
		Section: SectionMachine, Width: 4, Suggest: true},
	{Key: "operating_system", Label: "Operating System", Kind: KindText, Required: true, Max: MaxTextField,
		Section: SectionMachine, Width: 4, Suggest: true},
	{Key: "requestor_name", Label: "Requestor Name", Kind: KindText, Required: true, Max: MaxTextField,
		Section: SectionPeople, Width: 6, Default: func(u *User) string { return u.FullName }},
	{Key: "requestor_email", Label: "Requestor Email", Kind: KindEmail, Required: true,
		Section: SectionPeople, Width: 6, Default: func(u *User) string { return u.Email }},
	{Key: "primary_admin_name", Label: "Primary Admin Name", Kind: KindText, Required: true, Max: MaxTextField,
		Section: SectionPeople, Width: 6},
	{Key: "primary_admin_email", Label: "Primary Admin Email", Kind: KindEmail, Required: true,
		Section: SectionPeople, Width: 6},
	{Key: "secondary_admin_name", Label: "Secondary Admin Name", Kind: KindText, Max: MaxTextField,
		Section: SectionPeople, Width: 6},
	{Key: "secondary_admin_email", Label: "Secondary Admin Email", Kind: KindEmail,
		Section: SectionPeople, Width: 6},
	{Key: "backup_required", Label: "Backup Required", Kind: KindYesNo, Required: true, Section: SectionBackup, Width: 6,
		Default: func(*User) string { return "No" }},
	{Key: "backup_frequency", Label: "Backup Frequency", Kind: KindChoice, Choices: BackupFrequencies,
		Section: SectionBackup, Width: 6, EnabledBy: "backup_required"},
	{Key: "vlans", Label: "VLANs", Kind: KindList, Section: SectionVLANs, Width: 12},
	{Key: "notes", Label: "Notes", Kind: KindText, Max: 10000, Long: true, Width: 12},
	{Key: "status", Label: "Status", Kind: KindChoice, Column: true, Choices: Statuses, Workflow: true},
	{Key: "decision_reason", Label: "Reason", Kind: KindText, Max: MaxReasonLen, Long: true, Workflow: true},
	{Key: "decision_note", Label: "Approval Note", Kind: KindText, Max: MaxReasonLen, Long: true, Workflow: true},
	{Key: "approval_policy", Label: "Approval Policy", Kind: KindText, Max: MaxPolicyName, Workflow: true},
	{Key: "approvals", Label: "Approvals", Kind: KindInt, Min: 0, Max: 2, Workflow: true},
	{Key: "policy_note", Label: "Policy Note", Kind: KindText, Max: MaxReasonLen, Long: true, Workflow: true},
})
