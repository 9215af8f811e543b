package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"vmportal/i18n"
)

// Decisions that move a request through its workflow (SPEC §3, §8).
const (
	DecisionApprove      = "approve"
	DecisionReject       = "reject"
	DecisionActivate     = "activate"
	DecisionCancel       = "cancel"
	DecisionDecommission = "decommission"
)

// Decisions lists every decision in the order pages offer them.
var Decisions = []string{DecisionApprove, DecisionActivate, DecisionReject, DecisionCancel, DecisionDecommission}

// decider says who, beside admins, may take a decision from a status.
type decider int

const (
	adminsOnly decider = iota
	ownerToo           // the user who created the request, too
)

// Texts a decision takes, and the input names forms and the API use.
const (
	InputReason = "reason" // required: a refusal or an ending is explained
	InputNote   = "note"   // optional: Approve's Note
)

// rule is one decision of the workflow.
type rule struct {
	to      string             // the status it leads to
	from    map[string]decider // the statuses it starts from, and who may take it from each
	text    string             // InputReason, InputNote or "" for none
	missing string             // the catalog ID of the message when a required reason is missing
}

// transitions is the workflow, the one table that Decide, the permission
// checks and the detail page's buttons read:
//
//	Pending  → Approved | Rejected | Cancelled (the owner may cancel too)
//	Approved → Active | Cancelled
//	Active   → Decommissioned
var transitions = map[string]rule{
	DecisionApprove: {to: StatusApproved, from: map[string]decider{StatusPending: adminsOnly}, text: InputNote},
	DecisionReject: {to: StatusRejected, from: map[string]decider{StatusPending: adminsOnly},
		text: InputReason, missing: "validation.reason_reject"},
	DecisionCancel: {to: StatusCancelled, from: map[string]decider{StatusPending: ownerToo, StatusApproved: adminsOnly},
		text: InputReason, missing: "validation.reason_cancel"},
	DecisionActivate: {to: StatusActive, from: map[string]decider{StatusApproved: adminsOnly}},
	DecisionDecommission: {to: StatusDecommissioned, from: map[string]decider{StatusActive: adminsOnly},
		text: InputReason, missing: "validation.reason_decommission"},
}

// MaxReasonLen bounds a decision's reason or note (the schema says the
// same).
const MaxReasonLen = 2000

// ErrInvalidTransition means the decision does not apply to the request's
// current status (approving a Rejected request, activating a Pending one,
// or a second approval that lost the race); nothing was changed.
var ErrInvalidTransition = errors.New("this decision does not apply to the request's current status")

// ErrNotPermitted means the decision applies to the request's status, but
// not for this user (a user cancelling their own Approved request); nothing
// was changed.
var ErrNotPermitted = errors.New("only an admin may take this decision on this request")

// CheckDecision says whether u may take decision on r now: nil if so,
// ErrInvalidTransition if r's status does not allow it for anyone,
// ErrNotPermitted if it does but not for u. Callers show u only the
// requests u may see: the check does not hide others' requests.
func CheckDecision(u *User, r *VMRequest, decision string) error {
	t, ok := transitions[decision]
	if !ok {
		return fmt.Errorf("models: unknown decision %q", decision)
	}
	who, ok := t.from[r.Status]
	switch {
	case !ok:
		return ErrInvalidTransition
	case u.IsAdmin(), who == ownerToo && u != nil && u.ID != 0 && u.ID == r.CreatedByID:
		return nil
	}
	return ErrNotPermitted
}

// CanDecide reports whether u may take decision on r in its current
// status: whether the detail page offers it.
func CanDecide(u *User, r *VMRequest, decision string) bool {
	return CheckDecision(u, r, decision) == nil
}

// DecisionInput names the text decision takes (InputReason, required;
// InputNote, optional; or "" for none).
func DecisionInput(decision string) (input string, required bool) {
	t := transitions[decision]
	return t.text, t.missing != ""
}

// Decide applies u's decision to r, loaded at r.Version, through the
// ordinary save path: the change lands in the history and the audit trail
// (request.approved / rejected / cancelled / …) like any other, with who,
// when and the text stored on the request. text is the reason (required)
// or the note (optional) the decision takes, and ignored by one that
// takes none.
func Decide(db *gorm.DB, u *User, r *VMRequest, decision, text string) error {
	if err := CheckDecision(u, r, decision); err != nil {
		return err
	}
	t := transitions[decision]
	text = strings.TrimSpace(text)
	if err := t.checkText(text); err != nil {
		return err
	}
	decided := actorID(ActorFrom(db.Statement.Context))
	now := db.NowFunc()
	r.Status = t.to
	r.VLANs = nil // unchanged
	// A decision that takes a text is recorded as the request's decision.
	// Activation takes none: it records the machine going live, and the
	// decision stays the approval's. A cancellation keeps the approval's
	// Note beside its own Reason; the history keeps every earlier one.
	switch t.text {
	case InputNote:
		r.DecidedByID, r.DecidedAt, r.DecisionNote = decided, &now, text
	case InputReason:
		r.DecidedByID, r.DecidedAt, r.DecisionReason = decided, &now, text
	}
	// A concurrent change since r was loaded (including a racing decision)
	// makes this return ErrConflict.
	return UpdateRequest(db, r)
}

// checkText refuses a missing required reason and an overlong text.
func (t rule) checkText(text string) error {
	switch {
	case t.text == "":
		return nil
	case text == "" && t.missing != "":
		return &ValidationError{Fields: FieldErrors{t.text: i18n.M(t.missing)}}
	case len([]rune(text)) > MaxReasonLen:
		return &ValidationError{Fields: FieldErrors{t.text: i18n.M("validation.text_too_long", "Field", t.text, "Max", MaxReasonLen)}}
	}
	return nil
}
