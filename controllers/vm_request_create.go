package controllers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// New shows the empty request form: today's date, the requestor defaulting
// to the logged-in user, one empty VLAN row to start from. With ?from=ID
// ("Request Similar VM") the form starts from that request instead, if
// the user may see it: its details, but no VM Name and today's date.
func (v *VMRequests) New(c *fiber.Ctx) error {
	if c.Query("from") != "" {
		return v.newSimilar(c)
	}
	u := web.CurrentUser(c)
	in := requestInput{Text: map[string]string{}, VLANs: []models.VLANRow{{}}} // one blank row; blank rows are ignored
	for _, f := range models.FormFields() {
		if f.Default != nil {
			in.Text[f.Key] = f.Default(u)
		}
	}
	return v.renderForm(c, fiber.StatusOK, "crear_vm", i18n.M("request.new_title"), v.createForm(in, nil), nil)
}

// newSimilar is New pre-filled from the request of ?from; another user's
// request, or anything but a request's id, answers 404.
func (v *VMRequests) newSimilar(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Query("from"), 10, 64)
	if err != nil || id < 1 {
		return fiber.ErrNotFound
	}
	src, err := models.FindRequest(v.DB.WithContext(c.UserContext()), id)
	if err != nil {
		return err
	}
	if !models.CanView(web.CurrentUser(c), src) {
		return models.ErrNotFound
	}
	in := inputFromRequest(src)
	in.Text["vm_name"] = ""
	in.Text["request_date"] = models.Today().Format(models.DateLayout)
	if len(in.VLANs) == 0 {
		in.VLANs = []models.VLANRow{{}}
	}
	return v.renderForm(c, fiber.StatusOK, "crear_vm", i18n.M("request.new_title"), v.createForm(in, nil),
		fiber.Map{"Similar": src})
}

// Create stores a new request: parse, validate, save (the model writes the
// original submission to the history), flash, redirect to its page.
func (v *VMRequests) Create(c *fiber.Ctx) error {
	in := parseRequestForm(c)
	r := &models.VMRequest{}
	if fe := in.applyTo(r); len(fe) > 0 {
		return v.renderForm(c, fiber.StatusUnprocessableEntity, "crear_vm", i18n.M("request.new_title"), v.createForm(in, fe), nil)
	}
	err := models.CreateRequest(v.DB.WithContext(c.UserContext()), r)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		return v.renderForm(c, fiber.StatusUnprocessableEntity, "crear_vm", i18n.M("request.new_title"), v.createForm(in, verr.Fields), nil)
	}
	if err != nil {
		return err
	}
	if err := v.AddFlash(c, "success", withPolicyOutcome(i18n.M("request.submitted", "Name", r.VMName), models.StatusPending, r)); err != nil {
		return err
	}
	return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
}

func (v *VMRequests) createForm(in requestInput, fe models.FieldErrors) requestForm {
	return requestForm{Action: "/vms/new", Submit: "request.submit", Cancel: "/vms", Input: in, Errors: fe}
}

// withPolicyOutcome follows msg (the flash of a request just submitted
// or edited, in status was before) with what the approval policies did
// with it, when that is worth saying.
func withPolicyOutcome(msg i18n.Message, was string, r *models.VMRequest) i18n.Message {
	if outcome := policyOutcome(was, r); !outcome.IsZero() {
		return i18n.M("policies.flash_outcome", "First", msg, "Then", outcome)
	}
	return msg
}

// policyOutcome tells what the approval policies did with a request just
// submitted or edited (in status was before): a zero Message when they
// did nothing worth saying.
func policyOutcome(was string, r *models.VMRequest) i18n.Message {
	switch {
	case was != models.StatusPending:
		return i18n.Message{} // the policies route Pending requests only
	case r.Status == models.StatusApproved:
		return i18n.M("policies.outcome_approved", "Policy", r.ApprovalPolicy)
	case !r.PolicyHold().IsZero():
		return r.PolicyHold()
	case r.ApprovalsRequired > 1:
		return i18n.M("policies.outcome_two", "Policy", r.ApprovalPolicy)
	}
	return i18n.Message{}
}
