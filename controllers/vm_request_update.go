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

// conflictMessage explains a 409 on the edit page.
var conflictMessage = i18n.M("request.conflict")

// Edit shows the form pre-filled with the request, carrying its version.
func (v *VMRequests) Edit(c *fiber.Ctx) error {
	r, err := v.loadEditable(c)
	if err != nil {
		return err
	}
	return v.renderEdit(c, fiber.StatusOK, r, inputFromRequest(r), r.Version, nil, nil)
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
		return web.Refuse(fiber.StatusBadRequest, i18n.M("request.missing_version"))
	}
	r.Version = based // checked against the stored version under a row lock
	was := r.Status
	if fe := in.applyTo(r); len(fe) > 0 {
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, fe, nil)
	}
	err = models.UpdateRequest(v.DB.WithContext(c.UserContext()), r)
	var verr *models.ValidationError
	var cerr *models.CapacityError
	switch {
	case errors.Is(err, models.ErrConflict):
		return v.renderEdit(c, fiber.StatusConflict, r, in, based, nil, fiber.Map{"Conflict": conflictMessage})
	case errors.As(err, &verr):
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, verr.Fields, nil)
	case errors.As(err, &cerr):
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, cerr.FieldErrors(), nil)
	case err != nil:
		return err
	}
	if err := v.AddFlash(c, "success", withPolicyOutcome(i18n.M("request.saved"), was, r)); err != nil {
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
	if !models.CanEdit(web.CurrentUser(c), r) {
		return nil, web.Refuse(fiber.StatusForbidden, i18n.M("request.not_editable", "Status", i18n.M(models.ValuePrefix+r.Status)))
	}
	return r, nil
}

// renderEdit shows the edit form of r with in; notices may add "Conflict"
// (the 409 message) or "RestoreRefused" (the version a refused restore
// brought into the form).
func (v *VMRequests) renderEdit(c *fiber.Ctx, status int, r *models.VMRequest, in requestInput, version int, fe models.FieldErrors, notices fiber.Map) error {
	form := requestForm{
		Action: fmt.Sprintf("/vms/%d/edit", r.ID), Submit: "request.save", Cancel: fmt.Sprintf("/vms/%d", r.ID),
		Input: in, Errors: fe, Version: version,
	}
	data := fiber.Map{"Request": r, "Conflict": i18n.Message{}} // the template puts Conflict into words
	for k, val := range notices {
		data[k] = val
	}
	return v.renderForm(c, status, "editar_vm", i18n.M("request.edit_title", "Name", r.VMName), form, data)
}
