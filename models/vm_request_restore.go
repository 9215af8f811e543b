package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// ErrNoSuchVersion means a request has no earlier version by that number.
var ErrNoSuchVersion = errors.New("the request has no such earlier version")

// FindVersion returns the request with id as it was at version n, an
// earlier version than its current one, from its history (each history
// row keeps the state it replaced; the original submission is version 1).
func FindVersion(db *gorm.DB, id int64, n int) (Snapshot, error) {
	var rows []VMHistory
	err := db.Where("vm_request_id = ? AND version = ?", id, n).Order("id").Limit(1).Find(&rows).Error
	if err != nil {
		return Snapshot{}, fmt.Errorf("models: version %d of vm request %d: %w", n, id, err)
	}
	if len(rows) == 0 {
		return Snapshot{}, ErrNoSuchVersion
	}
	return rows[0].Snapshot, nil
}

// RestoreVersion saves r, loaded at r.Version, back to the details it had
// at version n: a new version, equal to that one in every form field
// (never the status or the decision: the workflow moves those), saved
// like an edit. The details pass today's rules first (a name since taken,
// a VLAN no longer allowed: a *ValidationError), the optimistic lock
// applies (ErrConflict), and the history and audit rows say "restored
// from version n" (request.restored). A user who may not restore r gets
// ErrNotPermitted; a version that is not an earlier one, ErrNoSuchVersion.
// Whatever the outcome, r then holds version n's details, so a form can
// show them with the errors; nothing is saved on error.
func RestoreVersion(db *gorm.DB, u *User, r *VMRequest, n int) error {
	if !CanRestore(u, r) {
		return ErrNotPermitted
	}
	if n < 1 || n >= r.Version {
		return ErrNoSuchVersion
	}
	old, err := FindVersion(db, r.ID, n)
	if err != nil {
		return err
	}
	// Through the text, as a form would post it: the same reading and the
	// same rules as an edit.
	was := old.Request()
	if fe := ReadText(r, FormText(&was), VLANRows(was.VLANs)); len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	r.restoredFrom = n
	defer func() { r.restoredFrom = 0 }()
	return UpdateRequest(db, r)
}
