package api

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
	"vmportal/models"
)

// Decide returns the handler of a workflow decision (approve, reject,
// activate, cancel, decommission). The body carries the text the decision
// takes ({"reason"} or {"note"}; nothing for activate). Who may take which
// decision from which status is the workflow table's to say
// (models.Decide): 403 when the user may not, 409 when it does not apply
// to the request's status; If-Match, when sent, must name the current
// version (412).
func (a *API) Decide(decision string) fiber.Handler {
	input, _ := models.DecisionInput(decision)
	return func(c *fiber.Ctx) error {
		r, err := a.loadVisible(c)
		if err != nil {
			return err
		}
		if err := checkIfMatch(c, r, false); err != nil {
			return err
		}
		body, err := readObject(c, true)
		if err != nil {
			return err
		}
		text, fe := decisionText(body, input)
		if len(fe) > 0 {
			return invalid(fe)
		}
		err = models.Decide(a.db(c), user(c), r, decision, text)
		switch {
		case errors.Is(err, models.ErrNotPermitted):
			return problem(fiber.StatusForbidden, "Only an admin may "+decision+" a request that is "+r.Status+".")
		case errors.Is(err, models.ErrInvalidTransition):
			return problem(fiber.StatusConflict, "A request that is "+r.Status+" cannot be given this decision; nothing was changed.")
		case errors.Is(err, models.ErrConflict):
			return problem(fiber.StatusConflict, "The request changed while deciding; nothing was changed. Read it again.")
		}
		if err := saveError(err); err != nil {
			return err
		}
		return a.reload(c, r.ID)
	}
}

// decisionText reads the decision's text member (input) from body; any
// other member is an error.
func decisionText(body map[string]json.RawMessage, input string) (string, models.FieldErrors) {
	fe := models.FieldErrors{}
	text := ""
	for key, raw := range body {
		if key != input || input == "" {
			fe.Add(key, i18n.M("api.decision_field_unknown"))
			continue
		}
		if json.Unmarshal(raw, &text) != nil {
			fe.Add(key, i18n.M("api.decision_text_type", "Name", key))
		}
	}
	return text, fe
}
