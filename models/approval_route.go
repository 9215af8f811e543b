package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
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
	r.ApprovalPolicy, r.ApprovalsRequired, r.PolicyNote = "", 1, ""
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
		r.PolicyNote = fmt.Sprintf("Not approved automatically by policy %s: %s It waits for an admin.", p.Name, cerr.Error())
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

// ApprovalProgress says how far a Pending request that needs two
// approvals has come ("1 of 2 approvals"); "" for any other request.
func (r *VMRequest) ApprovalProgress() string {
	if r.Status != StatusPending || r.ApprovalsRequired < 2 {
		return ""
	}
	return fmt.Sprintf("%d of %d approvals", r.Approvals, r.ApprovalsRequired)
}
