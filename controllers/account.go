package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/models"
)

// Account lets every user change their own password.
type Account struct {
	*web.Site
	BcryptCost int
}

// ShowPassword renders the change-password form.
func (a *Account) ShowPassword(c *fiber.Ctx) error {
	return a.Render(c, fiber.StatusOK, "account_password", "Change password", fiber.Map{"Errors": models.FieldErrors{}})
}

// ChangePassword checks the current password, sets the new one, ends the
// user's other sessions and keeps this one.
func (a *Account) ChangePassword(c *fiber.Ctx) error {
	u := web.CurrentUser(c)
	current, next, confirm := c.FormValue("current_password"), c.FormValue("new_password"), c.FormValue("confirm_password")
	fe := models.FieldErrors{}
	if !u.CheckPassword(current) {
		fe.Add("current_password", "The current password is not correct.")
	}
	if p := models.PasswordProblem(u.Username, next); p != "" {
		fe.Add("new_password", p)
	} else if next == current {
		fe.Add("new_password", "Choose a password different from the current one.")
	}
	if next != confirm {
		fe.Add("confirm_password", "The two new passwords do not match.")
	}
	fe, err := applyPassword(a.DB.WithContext(c.UserContext()), fe, u.ID, "new_password", next, a.BcryptCost, "changed by the user")
	if err != nil {
		return err
	}
	if len(fe) > 0 {
		return a.Render(c, fiber.StatusUnprocessableEntity, "account_password", "Change password", fiber.Map{"Errors": fe})
	}
	if err := a.KeepSessionAfterPasswordChange(c); err != nil {
		return err
	}
	if err := a.AddFlash(c, "success", "Your password has been changed. Your other sessions have been logged out."); err != nil {
		return err
	}
	return web.Redirect(c, "/dashboard")
}
