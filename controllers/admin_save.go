package controllers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// finishSave ends a save handler of an admin register (hosts, policies)
// in the one shape every save has: invalid input re-renders the form with
// 422 (rerender gets the field errors), another error goes to the error
// handler, success flashes done() and redirects (303) to back.
func finishSave(s *web.Site, c *fiber.Ctx, err error, rerender func(models.FieldErrors) error, done func() i18n.Message, back string) error {
	var verr *models.ValidationError
	if errors.As(err, &verr) && rerender != nil {
		return rerender(verr.Fields)
	}
	if err != nil {
		return err
	}
	if err := s.AddFlash(c, "success", done()); err != nil {
		return err
	}
	return web.Redirect(c, back)
}
