package controllers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/models"
)

// Auth handles logging in and out.
type Auth struct {
	*web.Site
	// Credentials is the login use case: throttle, local or directory
	// check, audit.
	Credentials *models.Login
}

// loginForm is what the login page posts.
type loginForm struct {
	Username string
	Password string
	Next     string // local path to return to after login
}

// afterLogin is where a login lands when no (safe) next path was asked for.
const afterLogin = "/dashboard"

// Messages of the login page. A refusal never tells which part was wrong,
// nor why (the reason is in the audit trail for admins).
const (
	msgBadCredentials = "Invalid username or password."
	msgDirectoryDown  = "The directory is not answering, so directory accounts cannot log in right now. Please try again in a few minutes; local accounts are not affected."
)

// ShowLogin renders the login page; a visitor already logged in goes on.
func (a *Auth) ShowLogin(c *fiber.Ctx) error {
	if web.CurrentUser(c) != nil {
		return web.Redirect(c, web.SafeNext(c.Query("next"), afterLogin))
	}
	return a.renderLogin(c, fiber.StatusOK, loginForm{Next: c.Query("next")}, "")
}

// Login checks the credentials through the login use case, which commits
// the login with its audit row; only then is the session regenerated and
// bound to the user, so there is never a session without its record. The
// visitor is sent back to the page they first asked for.
func (a *Auth) Login(c *fiber.Ctx) error {
	form := loginForm{
		Username: strings.TrimSpace(c.FormValue("username")),
		Password: c.FormValue("password"),
		Next:     c.FormValue("next"),
	}
	if form.Username == "" || form.Password == "" {
		return a.renderLogin(c, fiber.StatusUnprocessableEntity, form, "Enter your username and password.")
	}
	ctx := models.WithActor(c.UserContext(), a.Actor(c))
	user, err := a.Credentials.LogIn(a.DB.WithContext(ctx), form.Username, form.Password)
	var throttled *models.ThrottledError
	switch {
	case errors.As(err, &throttled):
		return a.renderLogin(c, fiber.StatusTooManyRequests, form, setRetryAfter(c, throttled, "Too many failed login attempts."))
	case errors.Is(err, models.ErrBadCredentials):
		return a.renderLogin(c, fiber.StatusUnauthorized, form, msgBadCredentials)
	case errors.Is(err, models.ErrDirectoryUnavailable):
		return a.renderLogin(c, fiber.StatusServiceUnavailable, form, msgDirectoryDown)
	case err != nil:
		return err
	}
	if err := a.LogIn(c, user); err != nil {
		return err
	}
	return web.Redirect(c, web.SafeNext(form.Next, afterLogin))
}

// setRetryAfter sets the Retry-After header of a throttled answer and
// returns what (the refusal) with how long to wait.
func setRetryAfter(c *fiber.Ctx, t *models.ThrottledError, what string) string {
	seconds := int(math.Ceil(t.RetryAfter.Seconds()))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(seconds, 1)))
	wait := fmt.Sprintf("%d seconds", max(seconds, 1))
	if t.RetryAfter > 2*time.Minute {
		wait = fmt.Sprintf("%d minutes", int(math.Ceil(t.RetryAfter.Minutes())))
	}
	return what + " Please wait " + wait + " and try again."
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

func (a *Auth) renderLogin(c *fiber.Ctx, status int, form loginForm, message string) error {
	form.Password = "" // never echo a password back
	return a.Render(c, status, "login", "Log in", fiber.Map{"Form": form, "Error": message})
}

func userObject(u *models.User) models.AuditObject {
	return models.AuditObject{Type: "user", ID: fmt.Sprint(u.ID)}
}
