package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
)

// Language answers the navbar's language picker.
type Language struct {
	*web.Site
}

// Set stores the picked language (on the user when logged in, else in the
// session) and goes back to the page the picker was on. An unknown
// language is refused with 400.
func (l *Language) Set(c *fiber.Ctx) error {
	lang := c.FormValue("language")
	if !i18n.Supported(lang) {
		return web.Refuse(fiber.StatusBadRequest, i18n.M("error.400.message"))
	}
	if err := l.SetLanguage(c, lang); err != nil {
		return err
	}
	if err := l.AddFlash(c, "info", i18n.M("language.changed")); err != nil {
		return err
	}
	fallback := "/login"
	if web.CurrentUser(c) != nil {
		fallback = "/dashboard"
	}
	return web.Redirect(c, web.SafeNext(c.FormValue("next"), fallback))
}
