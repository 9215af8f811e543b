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
// db's context, routed by the approval policies (the first that matches
// may approve it at once, as the system, or ask for two approvals). It
// returns a *ValidationError when the input breaks a rule.
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
	err := db.Transaction(func(tx *gorm.DB) error {
		auto, err := routeByPolicy(tx, r)
		if err != nil {
			return err
		}
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		return autoApprove(tx, r, auto)
	})
	return wrapSaveError("create vm request", err)
}

// UpdateRequest saves an edit of r, which was loaded (and edited) at
// r.Version. If the request changed since, it returns ErrConflict and
// saves nothing. A Pending request goes through the approval policies
// again, as on submit: what was approved so far (the first of two
// approvals) was approved as it was, so it starts over. Other statuses
// keep their route (the workflow has no way back to Pending); an Approved
// or Active request's edit must fit its registered host as an approval
// must (a *CapacityError otherwise).
func UpdateRequest(db *gorm.DB, r *VMRequest) error {
	switch r.Status {
	case StatusApproved, StatusActive:
		return db.Transaction(func(tx *gorm.DB) error {
			if err := checkGrowth(tx, r); err != nil {
				return err
			}
			return saveRequest(tx, r)
		})
	case StatusPending:
	default:
		return saveRequest(db, r)
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		r.Approvals, r.DecidedByID, r.DecidedAt, r.DecisionNote = 0, nil, nil, ""
		auto, err := routeByPolicy(tx, r)
		if err != nil {
			return err
		}
		if err := saveRequest(tx, r); err != nil {
			return err
		}
		return autoApprove(tx, r, auto)
	})
	return wrapSaveError(fmt.Sprintf("update vm request %d", r.ID), err)
}

// saveRequest saves r as it is (an edit or a decision), through the
// callbacks that check its version and write history and audit.
func saveRequest(db *gorm.DB, r *VMRequest) error {
	if err := db.Save(r).Error; err != nil {
		return wrapSaveError(fmt.Sprintf("update vm request %d", r.ID), err)
	}
	return nil
}

func wrapSaveError(what string, err error) error {
	var verr *ValidationError
	if err == nil || errors.As(err, &verr) || errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
		return err
	}

	if fieldErr := uniqueViolation(err); fieldErr != nil {
		return fieldErr
	}
	return fmt.Errorf("models: %s: %w", what, err)
}
