package controllers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Account lets every user change their own password.
type Account struct {
	*web.Site
	BcryptCost int
	// Credentials throttles and audits the current-password check like a
	// login.
	Credentials *models.Login
}

// ShowPassword renders the change-password form, or for a directory user
// where to change their password instead.
func (a *Account) ShowPassword(c *fiber.Ctx) error {
	return a.renderPassword(c, fiber.StatusOK, models.FieldErrors{}, i18n.Message{})
}

// ChangePassword checks the current password (throttled), sets the new
// one, ends the user's other sessions and keeps this one.
func (a *Account) ChangePassword(c *fiber.Ctx) error {
	u := web.CurrentUser(c)
	if u.IsDirectory() {
		return a.renderPassword(c, fiber.StatusForbidden, models.FieldErrors{}, i18n.Message{})
	}
	current, next, confirm := c.FormValue("current_password"), c.FormValue("new_password"), c.FormValue("confirm_password")
	db := a.DB.WithContext(models.WithActor(c.UserContext(), a.Actor(c)))
	fe := models.FieldErrors{}
	err := a.Credentials.CheckCurrentPassword(db, u, current)
	var throttled *models.ThrottledError
	switch {
	case errors.As(err, &throttled):
		return a.renderPassword(c, fiber.StatusTooManyRequests, fe, setRetryAfter(c, throttled, i18n.M("account.throttled")))
	case errors.Is(err, models.ErrBadCredentials):
		fe.Add("current_password", i18n.M("validation.password_wrong"))
	case err != nil:
		return err
	}
	if p := models.PasswordProblem(u.Username, next); !p.IsZero() {
		fe.Add("new_password", p)
	} else if next == current {
		fe.Add("new_password", i18n.M("validation.password_same"))
	}
	if next != confirm {
		fe.Add("confirm_password", i18n.M("validation.new_passwords_differ"))
	}
	fe, err = applyPassword(db, fe, u.ID, "new_password", next, a.BcryptCost, "changed by the user")
	if err != nil {
		return err
	}
	if len(fe) > 0 {
		return a.renderPassword(c, fiber.StatusUnprocessableEntity, fe, i18n.Message{})
	}
	if err := a.KeepSessionAfterPasswordChange(c); err != nil {
		return err
	}
	if err := a.AddFlash(c, "success", i18n.M("account.changed")); err != nil {
		return err
	}
	return web.Redirect(c, "/dashboard")
}

// renderPassword shows the form with its errors and an alert message.
func (a *Account) renderPassword(c *fiber.Ctx, status int, fe models.FieldErrors, alert i18n.Message) error {
	data := fiber.Map{"Errors": fe, "Alert": alert}
	if web.CurrentUser(c).IsDirectory() {
		// Where a directory user's password lives instead.
		data["Directory"] = i18n.M("account.directory")
	}
	return a.Render(c, status, "account_password", i18n.M("account.title"), data)
}
