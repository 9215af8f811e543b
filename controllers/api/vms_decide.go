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
// version (412). An approval past the host's capacity is a 422 unless the
// body gives "over_capacity_reason".
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
		texts, fe := decisionTexts(body, decision, input)
		if len(fe) > 0 {
			return invalid(fe)
		}
		var opts []models.DecideOption
		if over, ok := texts[models.InputOverCapacityReason]; ok {
			opts = append(opts, models.OverCapacity(over))
		}
		err = models.Decide(a.db(c), user(c), r, decision, texts[input], opts...)
		switch {
		case errors.Is(err, models.ErrSameApprover):
			return problem(fiber.StatusForbidden, "You gave this request its first approval: a second, different admin must complete it.")
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

// decisionTexts reads the text members a decision takes from body: its
// input ("reason" or "note") and, for an approval, the reason for
// approving past the host's capacity ("over_capacity_reason"). Any other
// member, or one that is not a string, is an error.
func decisionTexts(body map[string]json.RawMessage, decision, input string) (map[string]string, models.FieldErrors) {
	fe := models.FieldErrors{}
	texts := map[string]string{}
	for key, raw := range body {
		allowed := (key == input && input != "") || (key == models.InputOverCapacityReason && decision == models.DecisionApprove)
		var text string
		switch {
		case !allowed:
			fe.Add(key, i18n.M("api.decision_field_unknown"))
		case json.Unmarshal(raw, &text) != nil || string(raw) == "null":
			fe.Add(key, i18n.M("api.decision_text_type", "Name", key))
		default:
			texts[key] = text
		}
	}
	return texts, fe
}
