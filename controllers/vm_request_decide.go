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

// refusal is a decision refused for its text (a missing reason), to show
// back in its form with what was typed.
type refusal struct {
	Decision string
	Text     string
	Errors   models.FieldErrors
	// An approval's "Approve over capacity" tick and reason, as posted.
	OverCapacity bool
	OverReason   string
}

// Decide returns the handler of a decision (approve, reject, activate,
// cancel, decommission). Who may take which decision, from which status,
// is the workflow table's to say (models.CheckDecision): a user's request
// is cancelled by its owner or an admin, everything else is for admins
// (their routes also refuse users outright). Another user's request
// answers 404; a decision this user may not take, 403; one that no longer
// applies (wrong status, or the request changed since the page was
// loaded), 409. Refusals change nothing.
func (v *VMRequests) Decide(decision string) fiber.Handler {
	input, _ := models.DecisionInput(decision)
	return func(c *fiber.Ctx) error {
		r, err := v.loadVisible(c)
		if err != nil {
			return err
		}
		// Decide on what the user saw: a request that changed since (a
		// racing decision included) is a conflict, whatever it is now.
		if based, err := strconv.Atoi(c.FormValue("version")); err == nil && based != r.Version {
			return decisionConflict(r.ID)
		}
		attempt := refusal{Decision: decision}
		if input != "" {
			attempt.Text = c.FormValue(input)
		}
		var opts []models.DecideOption
		if decision == models.DecisionApprove && c.FormValue(models.InputOverCapacity) != "" {
			attempt.OverCapacity, attempt.OverReason = true, c.FormValue(models.InputOverCapacityReason)
			opts = append(opts, models.OverCapacity(attempt.OverReason))
		}
		status := r.Status
		err = models.Decide(v.DB.WithContext(c.UserContext()), web.CurrentUser(c), r, decision, attempt.Text, opts...)
		var verr *models.ValidationError
		var cerr *models.CapacityError
		switch {
		case errors.As(err, &verr), errors.As(err, &cerr):
			if cerr != nil {
				verr = &models.ValidationError{Fields: models.FieldErrors{
					models.InputOverCapacity: i18n.M("capacity.tick_to_override", "Refusal", cerr.Message())}}
			}
			fresh, ferr := v.loadDetail(c, models.WithChanges)
			if ferr != nil {
				return ferr
			}
			attempt.Errors = verr.Fields
			return v.renderShow(c, fiber.StatusUnprocessableEntity, fresh, showForms{refused: &attempt})
		case errors.Is(err, models.ErrSameApprover):
			return web.Refuse(fiber.StatusForbidden, i18n.M("policies.same_approver"))
		case errors.Is(err, models.ErrNotPermitted):
			return web.Refuse(fiber.StatusForbidden, i18n.M("decision.not_permitted",
				"Verb", decisionText(decision, "verb"), "Status", i18n.M(models.ValuePrefix+status)))
		case errors.Is(err, models.ErrInvalidTransition), errors.Is(err, models.ErrConflict):
			return decisionConflict(r.ID)
		case err != nil:
			return err
		}
		done := decisionText(decision, "done")
		if decision == models.DecisionApprove && r.Status == models.StatusPending {
			done = i18n.M("policies.approval_recorded", "Approvals", r.Approvals, "Required", r.ApprovalsRequired)
		}
		if err := v.AddFlash(c, "success", done); err != nil {
			return err
		}
		return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
	}
}

// decisionConflict is the answer to a decision that no longer applies.
func decisionConflict(id int64) error {
	return web.Refuse(fiber.StatusConflict, i18n.M("decision.stale", "ID", id))
}
