package controllers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Users is the admins' account management: list, create, edit profile and
// role, deactivate/reactivate, reset password.
type Users struct {
	*web.Site
	BcryptCost int
}

// userForm is what users_form.html shows.
type userForm struct {
	Input  models.UserInput
	Errors models.FieldErrors
	Edit   *models.User // nil on "New User"
}

// Index lists every account with role, active flag and last login.
func (u *Users) Index(c *fiber.Ctx) error {
	users, err := models.ListUsers(u.DB.WithContext(c.UserContext()))
	if err != nil {
		return err
	}
	return u.Render(c, fiber.StatusOK, "users", i18n.M("users.title"), fiber.Map{"Users": users})
}

// New shows the empty New User form.
func (u *Users) New(c *fiber.Ctx) error {
	return u.renderForm(c, fiber.StatusOK, userForm{Input: models.UserInput{Role: models.RoleUser}})
}

// Create adds the account and sends the admin back to the list.
func (u *Users) Create(c *fiber.Ctx) error {
	in := models.UserInput{
		Username: c.FormValue("username"), FullName: c.FormValue("full_name"), Email: c.FormValue("email"),
		Role: c.FormValue("role"), Password: c.FormValue("password"),
	}
	created, err := models.CreateUser(u.DB.WithContext(c.UserContext()), in, u.BcryptCost)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		in.Password = ""
		return u.renderForm(c, fiber.StatusUnprocessableEntity, userForm{Input: in, Errors: verr.Fields})
	}
	if err != nil {
		return err
	}
	if err := u.AddFlash(c, "success", i18n.M("users.created", "Username", created.Username)); err != nil {
		return err
	}
	return web.Redirect(c, "/users")
}

// Edit shows the profile form of one user.
func (u *Users) Edit(c *fiber.Ctx) error {
	target, err := u.load(c)
	if err != nil {
		return err
	}
	in := models.UserInput{Username: target.Username, FullName: target.FullName, Email: target.Email, Role: target.Role}
	return u.renderForm(c, fiber.StatusOK, userForm{Input: in, Edit: target})
}

// Update saves name, email and role; demoting the last active admin is
// refused with 409.
func (u *Users) Update(c *fiber.Ctx) error {
	target, err := u.load(c)
	if err != nil {
		return err
	}
	in := models.UserInput{Username: target.Username, FullName: c.FormValue("full_name"), Email: c.FormValue("email"), Role: c.FormValue("role")}
	err = models.UpdateUserProfile(u.DB.WithContext(c.UserContext()), target.ID, in.FullName, in.Email, in.Role)
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		return u.renderForm(c, fiber.StatusUnprocessableEntity, userForm{Input: in, Errors: verr.Fields, Edit: target})
	case errors.Is(err, models.ErrLastAdmin):
		return u.renderForm(c, fiber.StatusConflict, userForm{Input: in, Edit: target,
			Errors: models.FieldErrors{"role": i18n.M("validation.last_admin")}})
	case err != nil:
		return err
	}
	if err := u.AddFlash(c, "success", i18n.M("users.saved", "Username", target.Username)); err != nil {
		return err
	}
	return web.Redirect(c, "/users")
}

// SetActive returns the handler that deactivates (active=false) or
// reactivates a user.
func (u *Users) SetActive(active bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		target, err := u.load(c)
		if err != nil {
			return err
		}
		err = models.SetUserActive(u.DB.WithContext(c.UserContext()), target.ID, active)
		if errors.Is(err, models.ErrLastAdmin) {
			return web.Refuse(fiber.StatusConflict, i18n.M("users.last_admin_deactivate"))
		}
		if err != nil {
			return err
		}
		msg := i18n.M("users.deactivated_flash", "Username", target.Username)
		if active {
			msg = i18n.M("users.reactivated_flash", "Username", target.Username)
		}
		if err := u.AddFlash(c, "success", msg); err != nil {
			return err
		}
		return web.Redirect(c, "/users")
	}
}

// ShowResetPassword shows the admin's reset form for one user.
func (u *Users) ShowResetPassword(c *fiber.Ctx) error {
	target, err := u.load(c)
	if err != nil {
		return err
	}
	return u.renderReset(c, fiber.StatusOK, target, models.FieldErrors{})
}

// ResetPassword sets a new password chosen by the admin and ends all of the
// user's sessions.
func (u *Users) ResetPassword(c *fiber.Ctx) error {
	target, err := u.load(c)
	if err != nil {
		return err
	}
	if target.IsDirectory() {
		return u.renderReset(c, fiber.StatusConflict, target, models.FieldErrors{})
	}
	password := c.FormValue("password")
	fe := models.FieldErrors{}
	if password != c.FormValue("confirm_password") {
		fe.Add("confirm_password", i18n.M("validation.passwords_differ"))
	}
	fe, err = applyPassword(u.DB.WithContext(c.UserContext()), fe, target.ID, "password", password, u.BcryptCost, "reset by an admin")
	if err != nil {
		return err
	}
	if len(fe) > 0 {
		return u.renderReset(c, fiber.StatusUnprocessableEntity, target, fe)
	}
	if target.ID == web.CurrentUser(c).ID {
		if err := u.KeepSessionAfterPasswordChange(c); err != nil {
			return err
		}
	}
	if err := u.AddFlash(c, "success", i18n.M("users.reset_done", "Username", target.Username)); err != nil {
		return err
	}
	return web.Redirect(c, "/users")
}

// renderReset shows the reset form, or for a directory account that its
// password is managed by the directory and cannot be reset here.
func (u *Users) renderReset(c *fiber.Ctx, status int, target *models.User, fe models.FieldErrors) error {
	return u.Render(c, status, "users_password", i18n.M("users.reset_title"), fiber.Map{"User": target, "Errors": fe})
}

func (u *Users) load(c *fiber.Ctx) (*models.User, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id < 1 {
		return nil, fiber.ErrNotFound
	}
	return models.FindUserByID(u.DB.WithContext(c.UserContext()), id)
}

func (u *Users) renderForm(c *fiber.Ctx, status int, form userForm) error {
	if form.Errors == nil {
		form.Errors = models.FieldErrors{}
	}
	title := i18n.M("users.new")
	if form.Edit != nil {
		title = i18n.M("users.edit_title", "Username", form.Edit.Username)
	}
	return u.Render(c, status, "users_form", title, fiber.Map{"Form": form, "Roles": models.Roles})
}
