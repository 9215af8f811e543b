package models

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"vmportal/i18n"
)

// VMHistory is one row of a request's history: the original submission
// (Kind "created", Snapshot = as submitted) or a change (Kind "updated",
// Version = the version it replaced, Snapshot = the state before it,
// Changes = what changed).
type VMHistory struct {
	ID          int64
	VMRequestID int64
	Kind        string
	Version     int
	Snapshot    Snapshot `gorm:"serializer:json"`
	Changes     []Change `gorm:"serializer:json"`
	ChangedByID *int64
	ChangedAt   time.Time
	// RestoredFrom is the earlier version a change restored (nil for an
	// ordinary change).
	RestoredFrom *int
}

// TableName maps VMHistory to the vm_history table.
func (VMHistory) TableName() string { return "vm_history" }

// History kinds.
const (
	HistoryCreated = "created"
	HistoryUpdated = "updated"
)

// errUnloadedUpdate refuses updates that would leave no trail: GORM runs
// the hooks on whatever struct the update was called with, and on an empty
// one (Model(&VMRequest{}).Where(…).Updates(…)) there is no row to lock
// or snapshot.
var errUnloadedUpdate = errors.New("models: vm requests must be updated through a loaded request (with its ID)")

// The callbacks below are the heart of the history trail. GORM runs them
// inside the transaction of the statement (its default transaction, or the
// caller's), so the history and audit rows commit or roll back with the
// change. The actor comes from the statement's context (WithActor).

// BeforeCreate validates the new request.
func (r *VMRequest) BeforeCreate(tx *gorm.DB) error {
	return validateForSave(tx, r)
}

// AfterCreate stores the VLANs and records the original submission in the
// history and the audit trail.
func (r *VMRequest) AfterCreate(tx *gorm.DB) error {
	db := tx.Session(&gorm.Session{NewDB: true})
	if err := insertVLANs(db, r.ID, r.VLANs); err != nil {
		return err
	}
	if err := rememberSuggestions(db, r); err != nil {
		return err
	}
	actor := ActorFrom(tx.Statement.Context)
	h := VMHistory{VMRequestID: r.ID, Kind: HistoryCreated, Version: r.Version, Snapshot: r.Snapshot(),
		Changes: []Change{}, ChangedByID: actorID(actor), ChangedAt: db.NowFunc()}
	if err := db.Create(&h).Error; err != nil {
		return fmt.Errorf("models: record submission of vm request %d: %w", r.ID, err)
	}
	return RecordAudit(db, ActionRequestCreated, requestObject(r.ID), map[string]any{"vm_name": r.VMName})
}

// BeforeUpdate locks the stored row (SELECT … FOR UPDATE, so concurrent
// edits queue up here), loads it with its VLANs as the "before" state, and
// refuses the update if the row moved past the version r was loaded at:
// optimistic locking, checked under the lock so two saves cannot both pass.
func (r *VMRequest) BeforeUpdate(tx *gorm.DB) error {
	if r.ID == 0 {
		return errUnloadedUpdate
	}
	db := tx.Session(&gorm.Session{NewDB: true})
	var prev VMRequest
	err := db.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&prev, r.ID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("models: lock vm request %d: %w", r.ID, err)
	}
	if err := LoadVLANs(db, &prev); err != nil {
		return err
	}
	if prev.Version != r.Version {
		return ErrConflict
	}
	if r.VLANs == nil {
		r.VLANs = append([]VLAN{}, prev.VLANs...)
	}
	if tx.Statement.Dest == r { // Save or Updates(struct): r holds the new state
		if err := validateForSave(tx, r); err != nil {
			return err
		}
	}
	tx.Statement.SetColumn("Version", prev.Version+1)
	if actor := ActorFrom(tx.Statement.Context); actor.UserID != 0 {
		tx.Statement.SetColumn("UpdatedByID", actor.UserID)
	}
	r.previous = &prev
	return nil
}

// AfterUpdate replaces the VLANs if they changed, then records what changed
// (old → new, read back from the database so any update path is covered)
// in vm_history and the audit trail.
func (r *VMRequest) AfterUpdate(tx *gorm.DB) error {
	prev := r.previous
	r.previous = nil
	if prev == nil {
		return errUnloadedUpdate
	}
	db := tx.Session(&gorm.Session{NewDB: true})
	if !sameVLANs(prev.VLANs, r.VLANs) {
		if err := db.Where("vm_request_id = ?", r.ID).Delete(&VLAN{}).Error; err != nil {
			return fmt.Errorf("models: replace vlans of vm request %d: %w", r.ID, err)
		}
		if err := insertVLANs(db, r.ID, r.VLANs); err != nil {
			return err
		}
	}
	var now VMRequest
	if err := db.Take(&now, r.ID).Error; err != nil {
		return fmt.Errorf("models: reload vm request %d: %w", r.ID, err)
	}
	if err := LoadVLANs(db, &now); err != nil {
		return err
	}
	if err := rememberSuggestions(db, &now); err != nil {
		return err
	}
	before, after := prev.Snapshot(), now.Snapshot()
	changes := Diff(before, after)
	actor := ActorFrom(tx.Statement.Context)
	h := VMHistory{VMRequestID: r.ID, Kind: HistoryUpdated, Version: prev.Version, Snapshot: before,
		Changes: changes, ChangedByID: actorID(actor), ChangedAt: db.NowFunc()}
	action := auditActionFor(prev.Status, now.Status)
	if action == ActionRequestUpdated && now.Approvals > prev.Approvals {
		action = ActionRequestApprovalRecorded // the first of two approvals
	}
	details := map[string]any{"vm_name": now.VMName, "version": now.Version, "changes": changes}
	if n := r.restoredFrom; n > 0 { // RestoreVersion: the trail says which version came back
		h.RestoredFrom, action, details["restored_from"] = &n, ActionRequestRestored, n
	}
	if err := db.Create(&h).Error; err != nil {
		return fmt.Errorf("models: record history of vm request %d: %w", r.ID, err)
	}
	return RecordAudit(db, action, requestObject(r.ID), details)
}

// auditActionFor names a change by the status transition it makes.
func auditActionFor(from, to string) string {
	if from != to {
		switch to {
		case StatusApproved:
			return ActionRequestApproved
		case StatusRejected:
			return ActionRequestRejected
		case StatusActive:
			return ActionRequestActive
		case StatusCancelled:
			return ActionRequestCancelled
		case StatusDecommissioned:
			return ActionRequestDecommissioned
		}
	}
	return ActionRequestUpdated
}

// validateForSave runs the rules and the uniqueness of the VM name among
// requests that hold it, those not Rejected, Cancelled or Decommissioned
// (the partial unique index backs this up for concurrent saves).
func validateForSave(tx *gorm.DB, r *VMRequest) error {
	fe := r.Validate()
	if _, bad := fe["vm_name"]; !bad && holdsName(r.Status) {
		taken, err := vmNameTaken(tx.Session(&gorm.Session{NewDB: true}), r.VMName, r.ID)
		if err != nil {
			return err
		}
		if taken {
			fe.Add("vm_name", duplicateNameMessage(r.VMName))
		}
	}
	if len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	return nil
}

func vmNameTaken(db *gorm.DB, name string, exceptID int64) (bool, error) {
	var taken bool
	err := db.Raw(`SELECT EXISTS (SELECT 1 FROM vm_requests
		WHERE lower(vm_name) = lower(?) AND status NOT IN ? AND id <> ?)`, name, nameFreeingStatuses, exceptID).Scan(&taken).Error
	if err != nil {
		return false, fmt.Errorf("models: check vm name %q: %w", name, err)
	}
	return taken, nil
}

func duplicateNameMessage(name string) i18n.Message {
	return i18n.M("validation.vm_name_taken", "Name", name)
}

func insertVLANs(db *gorm.DB, requestID int64, vlans []VLAN) error {
	if len(vlans) == 0 {
		return nil
	}
	rows := make([]VLAN, len(vlans))
	for i, v := range vlans {
		rows[i] = VLAN{VMRequestID: requestID, Position: i, VLANID: v.VLANID, Name: v.Name}
	}
	if err := db.Create(&rows).Error; err != nil {
		return fmt.Errorf("models: store vlans of vm request %d: %w", requestID, err)
	}
	return nil
}

func sameVLANs(a, b []VLAN) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].VLANID != b[i].VLANID || a[i].Name != b[i].Name {
			return false
		}
	}
	return true
}

func actorID(a Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

func requestObject(id int64) AuditObject {
	return AuditObject{Type: "vm_request", ID: strconv.FormatInt(id, 10)}
}
