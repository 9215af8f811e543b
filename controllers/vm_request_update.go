package controllers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/models"
)

// conflictMessage explains a 409 on the edit page.
const conflictMessage = "This request was changed by someone else while you were editing it, so your changes were not saved. " +
	"Your input is still below; reload the request to see the latest version."

// Edit shows the form pre-filled with the request, carrying its version.
func (v *VMRequests) Edit(c *fiber.Ctx) error {
	r, err := v.loadEditable(c)
	if err != nil {
		return err
	}
	return v.renderEdit(c, fiber.StatusOK, r, inputFromRequest(r), r.Version, nil, "")
}

// Update saves the edit if the request is still at the version the form
// was loaded at; otherwise it answers 409 with the input kept. Status is
// not part of the form: users cannot change it here.
func (v *VMRequests) Update(c *fiber.Ctx) error {
	r, err := v.loadEditable(c)
	if err != nil {
		return err
	}
	in := parseRequestForm(c)
	based, err := strconv.Atoi(c.FormValue("version"))
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "The form is missing the version it was loaded at. Reload the page and try again.")
	}
	r.Version = based // checked against the stored version under a row lock
	was := r.Status
	if fe := in.applyTo(r); len(fe) > 0 {
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, fe, "")
	}
	err = models.UpdateRequest(v.DB.WithContext(c.UserContext()), r)
	var verr *models.ValidationError
	var cerr *models.CapacityError
	switch {
	case errors.Is(err, models.ErrConflict):
		return v.renderEdit(c, fiber.StatusConflict, r, in, based, nil, conflictMessage)
	case errors.As(err, &verr):
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, verr.Fields, "")
	case errors.As(err, &cerr):
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, cerr.FieldErrors(), "")
	case err != nil:
		return err
	}
	if err := v.AddFlash(c, "success", "Changes saved."+policyOutcome(was, r)); err != nil {
		return err
	}
	return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
}

// loadEditable loads the request and checks the edit permission: 404 when
// it may not even be seen, 403 when it may be seen but not edited.
func (v *VMRequests) loadEditable(c *fiber.Ctx) (*models.VMRequest, error) {
	r, err := v.loadVisible(c)
	if err != nil {
		return nil, err
	}
	if !canEdit(web.CurrentUser(c), r) {
		return nil, fiber.NewError(fiber.StatusForbidden, "Only Pending requests can be edited by their requestor; this one is "+r.Status+".")
	}
	return r, nil
}

func (v *VMRequests) renderEdit(c *fiber.Ctx, status int, r *models.VMRequest, in requestInput, version int, fe models.FieldErrors, conflict string) error {
	form := requestForm{
		Action: fmt.Sprintf("/vms/%d/edit", r.ID), Submit: "Save Changes", Cancel: fmt.Sprintf("/vms/%d", r.ID),
		Input: in, Errors: fe, Version: version,
	}
	return v.renderForm(c, status, "editar_vm", "Edit "+r.VMName, form, fiber.Map{"Request": r, "Conflict": conflict})
}
