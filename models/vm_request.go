package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// VMRequest is one request for a virtual machine: the fields of the request
// form (SPEC §3), its workflow status, who created and last changed it, the
// decision, and the version used for optimistic locking.
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
	Version             int
	CreatedAt           time.Time
	UpdatedAt           time.Time

	// VLANs in their order. Managed by the callbacks, not by GORM's
	// associations: nil means "not loaded, leave them as they are", an
	// empty slice means "no VLANs".
	VLANs []VLAN `gorm:"-:all"`

	// previous is the state before an update, captured by BeforeUpdate
	// under a row lock for AfterUpdate.
	previous *VMRequest
}

// VLAN is one VLAN of a request.
type VLAN struct {
	ID          int64
	VMRequestID int64
	Position    int
	VLANID      int `gorm:"column:vlan_id"`
	Name        string

	formRow int // 1-based row of the form it came from (0: not from a form)
}

// TableName maps VLAN to the vm_vlans table.
func (VLAN) TableName() string { return "vm_vlans" }

// Backup frequencies (SPEC §3).
var BackupFrequencies = []string{"Daily", "Weekly", "Monthly"}

// Statuses lists every status in workflow order.
var Statuses = []string{StatusPending, StatusApproved, StatusRejected, StatusActive}

// ErrConflict means the request changed since the version an edit was
// based on; nothing was saved.
var ErrConflict = errors.New("the request was changed by someone else")

// FindRequest loads the request with id and its VLANs, or ErrNotFound.
func FindRequest(db *gorm.DB, id int64) (*VMRequest, error) {
	var r VMRequest
	err := db.Take(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: find vm request %d: %w", id, err)
	}
	if err := LoadVLANs(db, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// LoadVLANs fills the VLANs of the given requests with one query.
func LoadVLANs(db *gorm.DB, requests ...*VMRequest) error {
	if len(requests) == 0 {
		return nil
	}
	byID := make(map[int64]*VMRequest, len(requests))
	ids := make([]int64, 0, len(requests))
	for _, r := range requests {
		r.VLANs = []VLAN{}
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	var vlans []VLAN
	if err := db.Where("vm_request_id IN ?", ids).Order("vm_request_id, position").Find(&vlans).Error; err != nil {
		return fmt.Errorf("models: load vlans: %w", err)
	}
	for _, v := range vlans {
		r := byID[v.VMRequestID]
		r.VLANs = append(r.VLANs, v)
	}
	return nil
}

// CreateRequest stores a new Pending request on behalf of the actor in
// db's context. It returns a *ValidationError when the input breaks a rule.
func CreateRequest(db *gorm.DB, r *VMRequest) error {
	actor := ActorFrom(db.Statement.Context)
	r.ID = 0
	r.Status = StatusPending
	r.Version = 1
	r.CreatedByID, r.UpdatedByID = actor.UserID, actor.UserID
	r.DecidedByID, r.DecidedAt, r.DecisionReason = nil, nil, ""
	if r.VLANs == nil {
		r.VLANs = []VLAN{}
	}
	if err := db.Create(r).Error; err != nil {
		return wrapSaveError("create vm request", err)
	}
	return nil
}

// UpdateRequest saves r, which was loaded (and edited) at r.Version. If the
// request changed since, it returns ErrConflict and saves nothing.
func UpdateRequest(db *gorm.DB, r *VMRequest) error {
	if err := db.Save(r).Error; err != nil {
		return wrapSaveError(fmt.Sprintf("update vm request %d", r.ID), err)
	}
	return nil
}

func wrapSaveError(what string, err error) error {
	var verr *ValidationError
	if errors.As(err, &verr) || errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
		return err
	}
	if fieldErr := uniqueViolation(err); fieldErr != nil {
		return fieldErr
	}
	return fmt.Errorf("models: %s: %w", what, err)
}

// VLANSummary shows the VLANs compactly, e.g. "10 (web), 20".
func VLANSummary(vlans []VLAN) string {
	parts := make([]string, len(vlans))
	for i, v := range vlans {
		parts[i] = fmt.Sprint(v.VLANID)
		if v.Name != "" {
			parts[i] += " (" + v.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}
