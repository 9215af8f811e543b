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
	case decision == DecisionApprove && u.IsAdmin() && r.Approvals > 0 && r.DecidedByID != nil && *r.DecidedByID == u.ID:
		return ErrSameApprover
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

// DecideOption changes how Decide takes a decision.
type DecideOption func(*decideOptions)

type decideOptions struct {
	overCapacity bool   // approve past the host's capacity …
	overReason   string // … for this reason (required)
}

// InputOverCapacity and InputOverCapacityReason name the approval's
// "Approve over capacity" tick and its reason, in forms and errors.
const (
	InputOverCapacity       = "over_capacity"
	InputOverCapacityReason = "over_capacity_reason"
)

// OverCapacity lets an approval take the request's host past its capacity
// × overcommit, for reason (required; audited as
// request.approved_over_capacity).
func OverCapacity(reason string) DecideOption {
	return func(o *decideOptions) { o.overCapacity, o.overReason = true, strings.TrimSpace(reason) }
}

// ErrSameApprover refuses a second approval by the admin who gave the
// first: a request that needs two approvals needs two admins.
var ErrSameApprover = errors.New("you gave this request its first approval: a second, different admin must complete it")

// Decide applies u's decision to r, loaded at r.Version, through the
// ordinary save path: the change lands in the history and the audit trail
// (request.approved / rejected / cancelled / …) like any other, with who,
// when and the text stored on the request. text is the reason (required)
// or the note (optional) the decision takes, and ignored by one that
// takes none.
//
// An approval counts towards the approvals r needs (two when a policy
// said so: the first leaves it Pending, "1 of 2 approvals"). The one that
// makes it Approved is refused with a *CapacityError when r's registered
// host lacks the capacity, unless OverCapacity is given.
func Decide(db *gorm.DB, u *User, r *VMRequest, decision, text string, opts ...DecideOption) error {
	if err := CheckDecision(u, r, decision); err != nil {
		return err
	}
	var o decideOptions
	for _, opt := range opts {
		opt(&o)
	}
	if decision == DecisionApprove && o.overCapacity {
		if err := (rule{text: InputOverCapacityReason, missing: "capacity.reason_missing"}).checkText(o.overReason); err != nil {
			return err
		}
	}
	return decide(db, r, decision, text, o)
}

// decide takes decision on r for the actor in db's context, without the
// permission check (CheckDecision) that Decide makes for a person: policies
// approve as the system.
func decide(db *gorm.DB, r *VMRequest, decision, text string, o decideOptions) error {
	t := transitions[decision]
	text = strings.TrimSpace(text)
	if err := t.checkText(text); err != nil {
		return err
	}
	if decision == DecisionApprove {
		return approve(db, r, text, o)
	}
	record(db, r, t, text)
	r.Status = t.to
	// A concurrent change since r was loaded (including a racing decision)
	// makes this return ErrConflict.
	return saveRequest(db, r)
}

// record stores who decided, when, and the decision's text on r. A
// decision that takes a text is recorded as the request's decision.
// Activation takes none: it records the machine going live, and the
// decision stays the approval's. A cancellation keeps the approval's Note
// beside its own Reason; the history keeps every earlier one.
func record(db *gorm.DB, r *VMRequest, t rule, text string) {
	decided := actorID(ActorFrom(db.Statement.Context))
	now := db.NowFunc()
	r.VLANs = nil // unchanged
	switch t.text {
	case InputNote:
		r.DecidedByID, r.DecidedAt, r.DecisionNote = decided, &now, text
	case InputReason:
		r.DecidedByID, r.DecidedAt, r.DecisionReason = decided, &now, text
	}
}

// approve counts an approval of r and, when it is the last one needed,
// makes r Approved: in one transaction that first locks r's host, so two
// approvals on one host cannot together overcommit it.
func approve(db *gorm.DB, r *VMRequest, note string, o decideOptions) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if r.Approvals+1 >= max(r.ApprovalsRequired, 1) {
			err := checkCapacity(tx, r)
			var cerr *CapacityError
			if errors.As(err, &cerr) && o.overCapacity {
				err = RecordAudit(tx, ActionRequestOverCapacity, requestObject(r.ID), map[string]any{
					"vm_name": r.VMName, "host": cerr.Host, "over": cerr.Error(), "reason": o.overReason})
			}
			if err != nil {
				return err
			}
			r.Status = StatusApproved
		}
		r.Approvals++
		record(tx, r, transitions[DecisionApprove], note)
		return saveRequest(tx, r)
	})
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
