package web

import (
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

// LoadUser reads the session and, when it names a user, loads that user
// from the database on every request. Loading rather than trusting the
// session means a deactivated account or a changed role takes effect on
// the very next request. It also notes queued flash messages for Render.
func (s *Site) LoadUser() fiber.Handler {
	return func(c *fiber.Ctx) error {
		sess, err := s.Sessions.Get(c)
		if err != nil {
			return err
		}
		uid, _ := sess.Get(sessUserID).(int64)
		authAt, _ := sess.Get(sessAuthAt).(int64)
		if flashes, ok := sess.Get(sessFlashes).([]string); ok {
			c.Locals(localFlashes, flashes)
		}
		if uid == 0 {
			return c.Next()
		}
		u, warn, err := models.FindSessionUser(s.DB.WithContext(c.UserContext()), uid)
		switch {
		case errors.Is(err, models.ErrNotFound) || (err == nil && (!u.Active || u.SessionRevoked(time.Unix(0, authAt)))):
			// The account is gone or deactivated, or its password changed
			// after this session logged in: the session dies.
			if err := sess.Destroy(); err != nil {
				return err
			}
			return c.Next()
		case err != nil:
			return err
		}
		c.Locals(localUser, u)
		c.Locals(localPasswordWarning, warn)
		c.SetUserContext(models.WithActor(c.UserContext(), s.Actor(c)))
		return c.Next()
	}
}

// Actor describes who is making this request, for history and audit rows.
func (s *Site) Actor(c *fiber.Ctx) models.Actor {
	a := models.Actor{IP: s.Proxies.ClientIP(c), UserAgent: string(c.Request().Header.UserAgent())}
	if u := CurrentUser(c); u != nil {
		a.UserID, a.Username = u.ID, u.Username
	}
	return a
}

// RequireAuth sends anonymous visitors to the login page, remembering the
// page they asked for so that login can bring them back.
func RequireAuth(c *fiber.Ctx) error {
	if CurrentUser(c) != nil {
		return c.Next()
	}
	target := "/login"
	if c.Method() == fiber.MethodGet && c.Path() != "/" {
		target += "?next=" + url.QueryEscape(string(c.Request().URI().RequestURI()))
	}
	return Redirect(c, target)
}

// RequireRole lets through only logged-in users with role; others get 403.
// Mount it after RequireAuth.
func RequireRole(role string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if u := CurrentUser(c); u == nil || u.Role != role {
			return fiber.NewError(fiber.StatusForbidden, "This page is for administrators only.")
		}
		return c.Next()
	}
}

// SafeNext returns next when it is a path on this site, and fallback
// otherwise: "//evil.example", "https://evil.example", "/\evil" and other
// tricks that browsers treat as another host are refused (no open redirect).
func SafeNext(next, fallback string) string {
	if len(next) < 1 || next[0] != '/' || len(next) > 2048 {
		return fallback
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return fallback
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	return next
}
