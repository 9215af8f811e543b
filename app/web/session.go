package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

// Flash is a one-time message shown on the next rendered page.
type Flash struct {
	Kind    string // a Bootstrap alert colour: success, info, warning, danger
	Message string
}

// LogIn binds the session to u. The session id is regenerated first, so an
// id planted before login (session fixation) is worthless afterwards; the
// CSRF token stored in the session moves along with it.
func (s *Site) LogIn(c *fiber.Ctx, u *models.User) error {
	sess, err := s.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("web: log in: %w", err)
	}
	if err := sess.Regenerate(); err != nil {
		return fmt.Errorf("web: log in: regenerate session: %w", err)
	}
	sess.Set(sessUserID, u.ID)
	sess.Set(sessAuthAt, time.Now().UnixNano())
	if err := sess.Save(); err != nil {
		return fmt.Errorf("web: log in: save session: %w", err)
	}
	c.Locals(localUser, u)
	return nil
}

// KeepSessionAfterPasswordChange re-stamps the current session as logged in
// now, after SetPassword revoked every session older than the change: the
// user's other sessions end, this one goes on.
func (s *Site) KeepSessionAfterPasswordChange(c *fiber.Ctx) error {
	sess, err := s.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("web: keep session: %w", err)
	}
	sess.Set(sessAuthAt, time.Now().UnixNano())
	if err := sess.Save(); err != nil {
		return fmt.Errorf("web: keep session: %w", err)
	}
	return nil
}

// LogOut ends the session: its data is dropped, its id replaced, and only
// the farewell flash message travels on in the fresh session.
func (s *Site) LogOut(c *fiber.Ctx, farewell string) error {
	sess, err := s.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("web: log out: %w", err)
	}
	if err := sess.Reset(); err != nil {
		return fmt.Errorf("web: log out: reset session: %w", err)
	}
	if farewell != "" {
		sess.Set(sessFlashes, []string{encodeFlash(Flash{Kind: "info", Message: farewell})})
	}
	if err := sess.Save(); err != nil {
		return fmt.Errorf("web: log out: save session: %w", err)
	}
	c.Locals(localUser, nil)
	return nil
}

// AddFlash queues a message for the next page the visitor sees, typically
// right before a 303 redirect.
func (s *Site) AddFlash(c *fiber.Ctx, kind, message string) error {
	sess, err := s.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("web: add flash: %w", err)
	}
	queued, _ := sess.Get(sessFlashes).([]string)
	sess.Set(sessFlashes, append(queued, encodeFlash(Flash{Kind: kind, Message: message})))
	if err := sess.Save(); err != nil {
		return fmt.Errorf("web: add flash: %w", err)
	}
	return nil
}

// takeFlashes removes the queued messages from the session and returns
// them. Called by Render only when LoadUser saw messages queued, so pages
// without flashes cost no extra session write.
func (s *Site) takeFlashes(c *fiber.Ctx) []Flash {
	queued, _ := c.Locals(localFlashes).([]string)
	if len(queued) == 0 {
		return nil
	}
	c.Locals(localFlashes, nil)
	if sess, err := s.Sessions.Get(c); err == nil {
		sess.Delete(sessFlashes)
		if err := sess.Save(); err != nil {
			s.Log.Warn("could not clear flash messages", "err", err)
		}
	}
	flashes := make([]Flash, 0, len(queued))
	for _, q := range queued {
		flashes = append(flashes, decodeFlash(q))
	}
	return flashes
}

// Flashes are stored as "kind\x00message" strings: gob encodes []string
// without registering a custom type.
func encodeFlash(f Flash) string { return f.Kind + "\x00" + f.Message }

func decodeFlash(s string) Flash {
	kind, msg, ok := strings.Cut(s, "\x00")
	if !ok {
		return Flash{Kind: "info", Message: s}
	}
	return Flash{Kind: kind, Message: msg}
}
