package models

import (
	"errors"

	"gorm.io/gorm"

	"vmportal/i18n"
)

// MatchPolicy returns the first policy, in order, that r submitted by a
// user with role meets, or nil when none does. The policies are few and
// read in one statement.
func MatchPolicy(db *gorm.DB, r *VMRequest, role string) (*ApprovalPolicy, error) {
	ps, err := ListPolicies(db)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].Matches(r, role) {
			return &ps[i], nil
		}
	}
	return nil, nil
}

// routeByPolicy sets r's route from the first policy it matches: the
// policy's name, and two approvals for "Require two approvals". The
// requester is the user who created r. It returns the policy when it
// auto-approves r and r's host has the capacity (the host stays locked
// until tx ends, so the approval that follows cannot be overtaken); when
// the host lacks it, r stays Pending with a note saying why.
func routeByPolicy(tx *gorm.DB, r *VMRequest) (*ApprovalPolicy, error) {
	role := ""
	if r.CreatedByID != 0 {
		u, err := FindUserByID(tx, r.CreatedByID)
		if err != nil {
			return nil, err
		}
		role = u.Role
	}
	p, err := MatchPolicy(tx, r, role)
	if err != nil {
		return nil, err
	}
	r.ApprovalPolicy, r.ApprovalsRequired, r.PolicyNote, r.policyHold = "", 1, "", i18n.Message{}
	if p == nil {
		return nil, nil
	}
	r.ApprovalPolicy = p.Name
	if p.Action == PolicyTwoApprovals {
		r.ApprovalsRequired = 2
		return nil, nil
	}
	err = checkCapacity(tx, r)
	var cerr *CapacityError
	if errors.As(err, &cerr) {
		// The note is stored (in English, like the rest of the record);
		// the page that follows says it in its reader's language.
		r.policyHold = i18n.M("policies.not_auto", "Policy", p.Name, "Refusal", cerr.Message())
		r.PolicyNote = r.policyHold.String()
		return nil, nil
	}
	return p, err
}

// autoApprove approves r as the system actor when p (from routeByPolicy)
// says so: the history and the audit trail show the system as who, and
// the Approval Note "approved by policy <name>".
func autoApprove(tx *gorm.DB, r *VMRequest, p *ApprovalPolicy) error {
	if p == nil {
		return nil
	}
	actor := ActorFrom(tx.Statement.Context)
	system := SystemActor
	system.IP, system.UserAgent = actor.IP, actor.UserAgent
	sys := tx.WithContext(WithActor(tx.Statement.Context, system))
	return decide(sys, r, DecisionApprove, "approved by policy "+p.Name, decideOptions{})
}

// PolicyHold is why the policy that would have approved r at its latest
// submission or edit did not (its host lacked the capacity); a zero
// Message otherwise, and for a request loaded from the database.
func (r *VMRequest) PolicyHold() i18n.Message { return r.policyHold }

// ApprovalProgress says how far a Pending request that needs two
// approvals has come ("1 of 2 approvals"); a zero Message for any other
// request.
func (r *VMRequest) ApprovalProgress() i18n.Message {
	if r.Status != StatusPending || r.ApprovalsRequired < 2 {
		return i18n.Message{}
	}
	return i18n.M("policies.progress", "Approvals", r.Approvals, "Required", r.ApprovalsRequired)
}
