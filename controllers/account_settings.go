package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Show renders the account page: who the user is and the setting
// "Email me about my requests".
func (a *Account) Show(c *fiber.Ctx) error {
	return a.Render(c, fiber.StatusOK, "account", i18n.M("account_email.title"), fiber.Map{"User": web.CurrentUser(c)})
}

// UpdateSettings saves the account's settings (an unchecked checkbox is
// absent from the form: mail off).
func (a *Account) UpdateSettings(c *fiber.Ctx) error {
	on := c.FormValue("email_notifications") == "on"
	if err := models.SetEmailNotifications(a.DB.WithContext(c.UserContext()), web.CurrentUser(c).ID, on); err != nil {
		return err
	}
	msg := i18n.M("account_email.on")
	if !on {
		msg = i18n.M("account_email.off")
	}
	if err := a.AddFlash(c, "success", msg); err != nil {
		return err
	}
	return web.Redirect(c, "/account")
}
