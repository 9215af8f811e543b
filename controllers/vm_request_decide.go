package controllers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/models"
)

// decisionDone is the flash message after each decision.
var decisionDone = map[string]string{
	models.DecisionApprove:  "Request approved.",
	models.DecisionReject:   "Request rejected.",
	models.DecisionActivate: "Request marked Active.",
}

// Decide returns the handler of an admin decision (approve, reject,
// activate). The route group admits admins only; a user's raw POST gets 403
// before reaching it. A decision that no longer applies (wrong status, or
// the request changed since the page was loaded) answers 409 and changes
// nothing.
func (v *VMRequests) Decide(decision string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		r, err := v.loadVisible(c)
		if err != nil {
			return err
		}
		if based, err := strconv.Atoi(c.FormValue("version")); err == nil {
			r.Version = based // decide on what the admin saw
		}
		err = models.Decide(v.DB.WithContext(c.UserContext()), r, decision, c.FormValue("reason"))
		var verr *models.ValidationError
		switch {
		case errors.As(err, &verr):
			fresh, ferr := v.loadDetail(c)
			if ferr != nil {
				return ferr
			}
			return v.renderShow(c, fiber.StatusUnprocessableEntity, fresh, verr.Fields)
		case errors.Is(err, models.ErrInvalidTransition), errors.Is(err, models.ErrConflict):
			return fiber.NewError(fiber.StatusConflict, fmt.Sprintf(
				"This decision no longer applies: the request has changed since you loaded it or is not in the right status. Nothing was changed. Go back to request #%d and reload it.", r.ID))
		case err != nil:
			return err
		}
		if err := v.AddFlash(c, "success", decisionDone[decision]); err != nil {
			return err
		}
		return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
	}
}
