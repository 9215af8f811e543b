package controllers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"vmportal/app/web"
	"vmportal/config"
	"vmportal/models"
)

// Auth handles logging in and out.
type Auth struct {
	*web.Site
}

// loginForm is what the login page posts.
type loginForm struct {
	Username string
	Password string
	Next     string // local path to return to after login
}

// afterLogin is where a login lands when no (safe) next path was asked for.
const afterLogin = "/dashboard"

// ShowLogin renders the login page; a visitor already logged in goes on.
func (a *Auth) ShowLogin(c *fiber.Ctx) error {
	if web.CurrentUser(c) != nil {
		return web.Redirect(c, web.SafeNext(c.Query("next"), afterLogin))
	}
	return a.renderLogin(c, fiber.StatusOK, loginForm{Next: c.Query("next")}, "")
}

// Login checks the credentials. On success the session is regenerated and
// bound to the user, the login is audited and the visitor is sent back to
// the page they first asked for. On failure the attempt is audited and the
// form comes back with a message that does not tell which part was wrong.
// The login throttle in front of this handler counts every answer >= 400.
func (a *Auth) Login(c *fiber.Ctx) error {
	form := loginForm{
		Username: strings.TrimSpace(c.FormValue("username")),
		Password: c.FormValue("password"),
		Next:     c.FormValue("next"),
	}
	if form.Username == "" || form.Password == "" {
		return a.renderLogin(c, fiber.StatusUnprocessableEntity, form, "Enter your username and password.")
	}
	ctx := c.UserContext()
	user, err := models.Authenticate(a.DB.WithContext(ctx), form.Username, form.Password)
	if errors.Is(err, models.ErrBadCredentials) {
		if err := a.auditFailedLogin(c, form.Username, "bad credentials"); err != nil {
			return err
		}
		return a.renderLogin(c, fiber.StatusUnauthorized, form, "Invalid username or password.")
	}
	if err != nil {
		return err
	}
	if err := a.LogIn(c, user); err != nil {
		return err
	}
	ctx = models.WithActor(ctx, a.Actor(c))
	err = a.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := models.TouchLastLogin(tx, user.ID); err != nil {
			return err
		}
		if strings.EqualFold(user.Username, "admin") {
			// Only at login is the plain password at hand to tell whether
			// the seeded default is still in use.
			if err := models.NoteDefaultPassword(tx, user, form.Password == config.DefaultAdminPassword); err != nil {
				return err
			}
		}
		return models.RecordAudit(tx, models.ActionLogin, userObject(user), nil)
	})
	if err != nil {
		return err
	}
	return web.Redirect(c, web.SafeNext(form.Next, afterLogin))
}

// Throttled answers a login attempt refused by the login throttle.
func (a *Auth) Throttled(c *fiber.Ctx) error {
	form := loginForm{Username: strings.TrimSpace(c.FormValue("username")), Next: c.FormValue("next")}
	if err := a.auditFailedLogin(c, form.Username, "throttled"); err != nil {
		return err
	}
	msg := "Too many failed login attempts. Please wait a few minutes and try again."
	if wait := c.GetRespHeader(fiber.HeaderRetryAfter); wait != "" {
		msg = fmt.Sprintf("Too many failed login attempts. Please wait %s seconds and try again.", wait)
	}
	return a.renderLogin(c, fiber.StatusTooManyRequests, form, msg)
}

// Logout ends the session and audits it.
func (a *Auth) Logout(c *fiber.Ctx) error {
	user := web.CurrentUser(c)
	if err := models.RecordAudit(a.DB.WithContext(c.UserContext()), models.ActionLogout, userObject(user), nil); err != nil {
		return err
	}
	if err := a.LogOut(c, "You have been logged out."); err != nil {
		return err
	}
	return web.Redirect(c, "/login")
}

func (a *Auth) auditFailedLogin(c *fiber.Ctx, username, reason string) error {
	actor := a.Actor(c)
	actor.Username = username
	db := a.DB.WithContext(models.WithActor(c.UserContext(), actor))
	return models.RecordAudit(db, models.ActionLoginFailed, models.AuditObject{Type: "user"},
		map[string]any{"username": username, "reason": reason})
}

func (a *Auth) renderLogin(c *fiber.Ctx, status int, form loginForm, message string) error {
	form.Password = "" // never echo a password back
	return a.Render(c, status, "login", "Log in", fiber.Map{"Form": form, "Error": message})
}

func userObject(u *models.User) models.AuditObject {
	return models.AuditObject{Type: "user", ID: fmt.Sprint(u.ID)}
}
