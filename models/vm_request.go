package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// Backup frequencies (SPEC §3).
var BackupFrequencies = []string{"Daily", "Weekly", "Monthly"}

// Statuses lists every status in workflow order.
var Statuses = []string{StatusPending, StatusApproved, StatusRejected, StatusActive, StatusCancelled, StatusDecommissioned}

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

// CreateRequest stores a new Pending request on behalf of the actor in
// db's context. It returns a *ValidationError when the input breaks a rule.
func CreateRequest(db *gorm.DB, r *VMRequest) error {
	actor := ActorFrom(db.Statement.Context)
	r.ID = 0
	r.Status = StatusPending
	r.Version = 1
	r.CreatedByID, r.UpdatedByID = actor.UserID, actor.UserID
	r.DecidedByID, r.DecidedAt, r.DecisionReason, r.DecisionNote = nil, nil, "", ""
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
