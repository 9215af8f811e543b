package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Decisions an admin can take on a request (SPEC §3 workflow).
const (
	DecisionApprove  = "approve"
	DecisionReject   = "reject"
	DecisionActivate = "activate"
)

// transitions: for each decision, the status it starts from and the one it
// leads to. Pending → Approved | Rejected; Approved → Active.
var transitions = map[string]struct{ from, to string }{
	DecisionApprove:  {StatusPending, StatusApproved},
	DecisionReject:   {StatusPending, StatusRejected},
	DecisionActivate: {StatusApproved, StatusActive},
}

// MaxReasonLen bounds a rejection reason (the schema says the same).
const MaxReasonLen = 2000

// ErrInvalidTransition means the decision does not apply to the request's
// current status (approving a Rejected request, activating a Pending one,
// or a second approval that lost the race); nothing was changed.
var ErrInvalidTransition = errors.New("this decision does not apply to the request's current status")

// CanDecide reports whether decision applies to a request in status.
func CanDecide(decision, status string) bool {
	t, ok := transitions[decision]
	return ok && t.from == status
}

// Decide applies an admin's decision to r, loaded at r.Version, through the
// ordinary save path: the change lands in the history and the audit trail
// (request.approved / rejected / activated) like any other, with who, when
// and the reason stored on the request. A reject needs a reason.
func Decide(db *gorm.DB, r *VMRequest, decision, reason string) error {
	t, ok := transitions[decision]
	if !ok {
		return fmt.Errorf("models: unknown decision %q", decision)
	}
	reason = strings.TrimSpace(reason)
	if decision == DecisionReject {
		switch {
		case reason == "":
			return &ValidationError{Fields: FieldErrors{"reason": "Give a reason for the rejection."}}
		case len([]rune(reason)) > MaxReasonLen:
			return &ValidationError{Fields: FieldErrors{"reason": fmt.Sprintf("The reason can be at most %d characters.", MaxReasonLen)}}
		}
	}
	if r.Status != t.from {
		return ErrInvalidTransition
	}
	actor := ActorFrom(db.Statement.Context)
	now := db.NowFunc()
	r.Status = t.to
	r.VLANs = nil // unchanged
	if decision != DecisionActivate {
		// Activation records the machine going live; the decision stays
		// the approval's.
		r.DecidedByID, r.DecidedAt, r.DecisionReason = actorID(actor), &now, reason
	}
	// A concurrent change since r was loaded (including a racing decision)
	// makes this return ErrConflict.
	return UpdateRequest(db, r)
}
