package controllers

import (
	"fmt"

	"vmportal/models"
)

// decisionView is how the detail page offers a decision, and what the
// portal says once it is taken. The button texts are SPEC §4 and §8's.
type decisionView struct {
	Button      string // the button's text
	Class       string // the button's Bootstrap colour
	Verb        string // the decision in "Only an admin can <verb> …"
	Confirm     string // the confirmation question; %s is the VM name
	ConfirmYes  string // the confirming button's text …
	ConfirmWith string // … and colour
	TextID      string // the HTML id of its text box, when it takes a text
	Done        string // the flash message once taken
}

var decisionViews = map[string]decisionView{
	models.DecisionApprove: {Button: "Approve", Class: "btn-success", Verb: "approve",
		Confirm: "Approve the request for %s?", ConfirmYes: "Yes, approve", ConfirmWith: "btn-success",
		TextID: "note", Done: "Request approved."},
	models.DecisionActivate: {Button: "Mark Active", Class: "btn-primary", Verb: "activate",
		Confirm: "Mark %s as Active (the machine is in service)?", ConfirmYes: "Yes, mark Active", ConfirmWith: "btn-primary",
		Done: "Request marked Active."},
	models.DecisionReject: {Button: "Reject", Class: "btn-danger", Verb: "reject",
		Confirm: "Reject the request for %s?", ConfirmYes: "Yes, reject", ConfirmWith: "btn-danger",
		TextID: "reason", Done: "Request rejected."},
	models.DecisionCancel: {Button: "Cancel Request", Class: "btn-outline-danger", Verb: "cancel",
		Confirm: "Cancel the request for %s? A cancelled request cannot be reopened.", ConfirmYes: "Yes, cancel the request",
		ConfirmWith: "btn-danger", TextID: "cancel-reason", Done: "Request cancelled."},
	models.DecisionDecommission: {Button: "Decommission", Class: "btn-dark", Verb: "decommission",
		Confirm: "Decommission %s (the machine is taken out of service)?", ConfirmYes: "Yes, decommission",
		ConfirmWith: "btn-dark", TextID: "decommission-reason", Done: "Request decommissioned."},
}

// inputLabels are the labels of a decision's text box (SPEC §4, §8).
var inputLabels = map[string]string{models.InputReason: "Reason", models.InputNote: "Note"}

// decisionForm is one decision the detail page offers: its form, with the
// text of a refused attempt at it and the message why.
type decisionForm struct {
	decisionView
	Action   string // the URL the form posts to
	Question string // the confirmation, with the VM name
	Input    string // the name of its text box ("" for none) …
	Label    string // … its label …
	Required bool   // … and whether it must be filled in
	Value    string
	Error    string
	// The approval, on a registered host, offers "Approve over capacity"
	// with a reason; these keep a refused attempt's tick and reason.
	OverCapacity     bool
	OverChecked      bool
	OverReason       string
	OverError        string
	OverReasonError  string
	OverReasonMaxLen int
}

// decisionForms lists the decisions u may take on r now, in the order the
// page offers them; refused, when set, is the attempt to show back.
// checked says whether r's host is registered (its capacity is checked).
func decisionForms(u *models.User, r *models.VMRequest, refused *refusal, checked bool) []decisionForm {
	var out []decisionForm
	for _, d := range models.Decisions {
		if !models.CanDecide(u, r, d) {
			continue
		}
		view := decisionViews[d]
		input, required := models.DecisionInput(d)
		f := decisionForm{decisionView: view, Action: fmt.Sprintf("/vms/%d/%s", r.ID, d),
			Question: fmt.Sprintf(view.Confirm, r.VMName), Input: input, Label: inputLabels[input], Required: required}
		f.OverCapacity, f.OverReasonMaxLen = d == models.DecisionApprove && checked, models.MaxReasonLen
		if refused != nil && refused.Decision == d {
			f.Value, f.Error = refused.Text, refused.Errors[input]
			f.OverChecked, f.OverReason = refused.OverCapacity, refused.OverReason
			f.OverError, f.OverReasonError = refused.Errors[models.InputOverCapacity], refused.Errors[models.InputOverCapacityReason]
		}
		out = append(out, f)
	}
	return out
}
