package controllers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Comment adds the posted comment to the request: its owner and the admins
// may comment (others get 404, as for the page); an empty or overlong
// comment brings the page back (422) with the text kept and the reason.
func (v *VMRequests) Comment(c *fiber.Ctx) error {
	r, err := v.loadVisible(c)
	if err != nil {
		return err
	}
	text := c.FormValue(models.InputComment)
	_, err = models.AddComment(v.DB.WithContext(c.UserContext()), web.CurrentUser(c), r, text)
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		d, err := v.loadDetail(c, models.WithChanges)
		if err != nil {
			return err
		}
		return v.renderShow(c, fiber.StatusUnprocessableEntity, d,
			showForms{comment: commentForm{Text: text, Error: verr.Fields[models.InputComment]}})
	case errors.Is(err, models.ErrNotPermitted):
		return web.Refuse(fiber.StatusForbidden, i18n.M("comment.not_permitted"))
	case err != nil:
		return err
	}
	if err := v.AddFlash(c, "success", i18n.M("comment.posted")); err != nil {
		return err
	}
	return web.Redirect(c, fmt.Sprintf("/vms/%d#comments", r.ID))
}
