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
	"vmportal/i18n"
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
var (
	msgBadCredentials = i18n.M("login.bad_credentials")
	msgDirectoryDown  = i18n.M("login.directory_down")
)

// ShowLogin renders the login page; a visitor already logged in goes on.
func (a *Auth) ShowLogin(c *fiber.Ctx) error {
	if web.CurrentUser(c) != nil {
		return web.Redirect(c, web.SafeNext(c.Query("next"), afterLogin))
	}
	return a.renderLogin(c, fiber.StatusOK, loginForm{Next: c.Query("next")}, i18n.Message{})
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
		return a.renderLogin(c, fiber.StatusUnprocessableEntity, form, i18n.M("login.missing"))
	}
	ctx := models.WithActor(c.UserContext(), a.Actor(c))
	user, err := a.Credentials.LogIn(a.DB.WithContext(ctx), form.Username, form.Password)
	var throttled *models.ThrottledError
	switch {
	case errors.As(err, &throttled):
		return a.renderLogin(c, fiber.StatusTooManyRequests, form, setRetryAfter(c, throttled, i18n.M("login.throttled")))
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
func setRetryAfter(c *fiber.Ctx, t *models.ThrottledError, what i18n.Message) i18n.Message {
	seconds := int(math.Ceil(t.RetryAfter.Seconds()))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(seconds, 1)))
	if t.RetryAfter > 2*time.Minute {
		return i18n.M("login.wait_minutes", "Message", what, "N", int(math.Ceil(t.RetryAfter.Minutes())))
	}
	return i18n.M("login.wait_seconds", "Message", what, "N", max(seconds, 1))
}

// Logout ends the session and audits it.
func (a *Auth) Logout(c *fiber.Ctx) error {
	user := web.CurrentUser(c)
	if err := models.RecordAudit(a.DB.WithContext(c.UserContext()), models.ActionLogout, userObject(user), nil); err != nil {
		return err
	}
	if err := a.LogOut(c, i18n.M("login.logged_out")); err != nil {
		return err
	}
	return web.Redirect(c, "/login")
}

func (a *Auth) renderLogin(c *fiber.Ctx, status int, form loginForm, message i18n.Message) error {
	form.Password = "" // never echo a password back
	return a.Render(c, status, "login", i18n.M("login.title"), fiber.Map{"Form": form, "Error": message})
}

func userObject(u *models.User) models.AuditObject {
	return models.AuditObject{Type: "user", ID: fmt.Sprint(u.ID)}
}
