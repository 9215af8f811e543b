package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

// CreateVM stores a new Pending request from the body. Fields left out
// start as the request form starts them (Request Date today, the user as
// Requestor, Backup Required false); the rest are validated like the
// form's. 201 with the request and its Location.
func (a *API) CreateVM(c *fiber.Ctx) error {
	body, err := readObject(c, false)
	if err != nil {
		return err
	}
	u := user(c)
	r := &models.VMRequest{VLANs: []models.VLAN{}}
	for _, f := range models.FormFields() {
		if _, sent := body[f.Key]; !sent && f.Default != nil {
			f.SetText(r, f.Default(u))
		}
	}
	if fe := applyFields(r, body); len(fe) > 0 {
		return invalid(fe)
	}
	if err := saveError(models.CreateRequest(a.db(c), r)); err != nil {
		return err
	}
	c.Location(fmt.Sprintf("/api/v1/vms/%d", r.ID))
	return a.sendRequest(c, fiber.StatusCreated, r)
}

// UpdateVM changes the fields the body gives, on the version named by
// If-Match: without it 428, when the request has moved on 412 (nothing is
// overwritten silently). Users may change their own Pending requests,
// admins any; the change lands in the history and the audit trail.
func (a *API) UpdateVM(c *fiber.Ctx) error {
	r, err := a.loadVisible(c)
	if err != nil {
		return err
	}
	if !models.CanEdit(user(c), r) {
		return problem(fiber.StatusForbidden, "Only Pending requests can be edited by their requestor; this one is "+r.Status+".")
	}
	if err := checkIfMatch(c, r, true); err != nil {
		return err
	}
	body, err := readObject(c, false)
	if err != nil {
		return err
	}
	if fe := applyFields(r, body); len(fe) > 0 {
		return invalid(fe)
	}
	// r.Version is still the one If-Match named: the save checks it again
	// under the row lock, so a change that slipped in since is a 412 too.
	if err := saveError(models.UpdateRequest(a.db(c), r)); err != nil {
		return err
	}
	return a.reload(c, r.ID)
}

// checkIfMatch compares If-Match with r's version: 412 when it differs,
// 428 when it is missing and required.
func checkIfMatch(c *fiber.Ctx, r *models.VMRequest, required bool) error {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" {
		if required {
			return problem(fiber.StatusPreconditionRequired, "Send If-Match with the ETag of the request as you read it, e.g. If-Match: \"3\".")
		}
		return nil
	}
	v, err := strconv.Atoi(strings.Trim(h, `"`))
	if err != nil || v != r.Version {
		return stale(r.Version)
	}
	return nil
}

func stale(version int) *Problem {
	return problem(fiber.StatusPreconditionFailed, fmt.Sprintf(
		"The request was changed by someone else (it is at version %d now); nothing was saved. Read it again and reapply your change.", version))
}

// saveError turns the models' refusals into problems: rules and
// capacity 422, a lost optimistic lock 412.
func saveError(err error) error {
	var verr *models.ValidationError
	var cerr *models.CapacityError
	switch {
	case errors.As(err, &verr):
		return invalid(verr.Fields)
	case errors.As(err, &cerr):
		// Past the host's capacity: beside the fields of the resources
		// it overruns (an approval may override it with a reason).
		fe := cerr.FieldErrors()
		if len(fe) == 0 {
			fe = models.FieldErrors{models.InputOverCapacity: cerr.Message()}
		}
		return invalid(fe)
	case errors.Is(err, models.ErrConflict):
		return problem(fiber.StatusPreconditionFailed, "The request was changed by someone else; nothing was saved. Read it again and reapply your change.")
	}
	return err
}

// reload answers the request as stored now (version and who changed it
// are the database's).
func (a *API) reload(c *fiber.Ctx, id int64) error {
	r, err := models.FindRequest(a.db(c), id)
	if err != nil {
		return err
	}
	return a.sendRequest(c, fiber.StatusOK, r)
}
