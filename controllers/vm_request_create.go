package controllers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// New shows the empty request form: today's date, the requestor defaulting
// to the logged-in user, one empty VLAN row to start from.
func (v *VMRequests) New(c *fiber.Ctx) error {
	u := web.CurrentUser(c)
	in := requestInput{Text: map[string]string{}, VLANs: []models.VLANRow{{}}} // one blank row; blank rows are ignored
	for _, f := range models.FormFields() {
		if f.Default != nil {
			in.Text[f.Key] = f.Default(u)
		}
	}
	return v.renderForm(c, fiber.StatusOK, "crear_vm", i18n.M("request.new_title"), v.createForm(in, nil), nil)
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
	if err := v.AddFlash(c, "success", i18n.M("request.submitted", "Name", r.VMName)); err != nil {
		return err
	}
	return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
}

func (v *VMRequests) createForm(in requestInput, fe models.FieldErrors) requestForm {
	return requestForm{Action: "/vms/new", Submit: "request.submit", Cancel: "/vms", Input: in, Errors: fe}
}
