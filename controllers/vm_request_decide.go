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
		text := ""
		if input != "" {
			text = c.FormValue(input)
		}
		status := r.Status
		err = models.Decide(v.DB.WithContext(c.UserContext()), web.CurrentUser(c), r, decision, text)
		var verr *models.ValidationError
		switch {
		case errors.As(err, &verr):
			fresh, ferr := v.loadDetail(c)
			if ferr != nil {
				return ferr
			}
			return v.renderShow(c, fiber.StatusUnprocessableEntity, fresh, showForms{refused: &refusal{Decision: decision, Text: text, Errors: verr.Fields}})
		case errors.Is(err, models.ErrNotPermitted):
			return web.Refuse(fiber.StatusForbidden, i18n.M("decision.not_permitted",
				"Verb", decisionText(decision, "verb"), "Status", i18n.M(models.ValuePrefix+status)))
		case errors.Is(err, models.ErrInvalidTransition), errors.Is(err, models.ErrConflict):
			return decisionConflict(r.ID)
		case err != nil:
			return err
		}
		if err := v.AddFlash(c, "success", decisionText(decision, "done")); err != nil {
			return err
		}
		return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
	}
}

// decisionConflict is the answer to a decision that no longer applies.
func decisionConflict(id int64) error {
	return web.Refuse(fiber.StatusConflict, i18n.M("decision.stale", "ID", id))
}
