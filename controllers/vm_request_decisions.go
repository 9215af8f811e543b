package controllers

import (
	"fmt"

	"vmportal/i18n"
	"vmportal/models"
)

// decisionView is how the detail page offers a decision, and what the
// portal says once it is taken. Its words are the catalog entries
// "decision.<decision>.button", ".question" (with the VM name),
// ".confirm_yes", ".done" and ".verb"; the English button texts are
// SPEC §4 and §8's.
type decisionView struct {
	Class       string // the button's Bootstrap colour
	ConfirmWith string // the confirming button's colour
	TextID      string // the HTML id of its text box, when it takes a text
}

var decisionViews = map[string]decisionView{
	models.DecisionApprove:      {Class: "btn-success", ConfirmWith: "btn-success", TextID: "note"},
	models.DecisionActivate:     {Class: "btn-primary", ConfirmWith: "btn-primary"},
	models.DecisionReject:       {Class: "btn-danger", ConfirmWith: "btn-danger", TextID: "reason"},
	models.DecisionCancel:       {Class: "btn-outline-danger", ConfirmWith: "btn-danger", TextID: "cancel-reason"},
	models.DecisionDecommission: {Class: "btn-dark", ConfirmWith: "btn-dark", TextID: "decommission-reason"},
}

// decisionText is the catalog entry part of decision ("button", "done").
func decisionText(decision, part string, pairs ...any) i18n.Message {
	return i18n.M("decision."+decision+"."+part, pairs...)
}

// decisionForm is one decision the detail page offers: its form, with the
// text of a refused attempt at it and the message why, in the page's
// language.
type decisionForm struct {
	decisionView
	Action     string // the URL the form posts to
	Button     string // the button's text
	Question   string // the confirmation, with the VM name
	ConfirmYes string // the confirming button's text
	Input      string // the name of its text box ("" for none) …
	Label      string // … its label …
	Required   bool   // … and whether it must be filled in
	Value      string
	Error      string
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
func decisionForms(tr *i18n.Translator, u *models.User, r *models.VMRequest, refused *refusal, checked bool) []decisionForm {
	var out []decisionForm
	for _, d := range models.Decisions {
		if !models.CanDecide(u, r, d) {
			continue
		}
		input, required := models.DecisionInput(d)
		f := decisionForm{decisionView: decisionViews[d], Action: fmt.Sprintf("/vms/%d/%s", r.ID, d),
			Button:     tr.Text(decisionText(d, "button")),
			Question:   tr.Text(decisionText(d, "question", "Name", r.VMName)),
			ConfirmYes: tr.Text(decisionText(d, "confirm_yes")),
			Input:      input, Required: required}
		f.OverCapacity, f.OverReasonMaxLen = d == models.DecisionApprove && checked, models.MaxReasonLen
		if input != "" {
			// The labels of a decision's text box: "Reason" or "Note".
			f.Label = tr.T("decision." + input)
		}
		if refused != nil && refused.Decision == d {
			f.Value, f.Error = refused.Text, tr.Text(refused.Errors[input])
			f.OverChecked, f.OverReason = refused.OverCapacity, refused.OverReason
			f.OverError = tr.Text(refused.Errors[models.InputOverCapacity])
			f.OverReasonError = tr.Text(refused.Errors[models.InputOverCapacityReason])
		}
		out = append(out, f)
	}
	return out
}
