package web

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
	"vmportal/models"
)

// Flash is a one-time message shown on the next rendered page.
type Flash struct {
	Kind    string // a Bootstrap alert colour: success, info, warning, danger
	Message string
}

// session is the visitor's session for one request: loaded once by
// Stateful, changed by the helpers below, written once when the request
// ends and only if something changed or its expiry needs extending. A
// pristine anonymous session is not stored at all until it changes
// (anonymous.go).
type session struct {
	id       string
	replaces string // the id before a regeneration, deleted when saved
	userID   int64
	values   sessionValues
	expires  time.Time
	changed  bool
	stored   bool // read from the sessions table
}

// sessionValues are the encoded part of a session (JSON in sessions.v).
type sessionValues struct {
	AuthAt  int64    `json:"auth_at,omitempty"` // login time, Unix ns
	CSRF    string   `json:"csrf"`
	Flashes []string `json:"flash,omitempty"`
	// Lang is the language picked in this session (i18n tag), for
	// visitors not logged in; a user's own choice is stored on the user.
	Lang string `json:"lang,omitempty"`
}

// newSession starts an empty anonymous session with a fresh id and CSRF
// token; replaces is the id it supersedes, if any.
func newSession(replaces string) *session {
	return &session{id: randomToken(), replaces: replaces, values: sessionValues{CSRF: randomToken()}, changed: true}
}

// regenerate gives the session a new id, keeping its values: an id
// planted before login (session fixation) is worthless afterwards.
func (s *session) regenerate() {
	if s.replaces == "" {
		s.replaces = s.id
	}
	s.id, s.changed = randomToken(), true
}

func (s *session) encode() []byte {
	b, _ := json.Marshal(s.values) // strings and ints only: cannot fail
	return b
}

// randomToken returns 32 random bytes, URL-safe: session ids and CSRF
// tokens.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails on supported platforms (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sessionOf returns the request's session; Stateful always sets one.
func sessionOf(c *fiber.Ctx) (*session, error) {
	s, ok := c.Locals(localSession).(*session)
	if !ok {
		return nil, fmt.Errorf("web: no session on %s %s", c.Method(), c.Path())
	}
	return s, nil
}

// LogIn binds the session to u. The session id is regenerated first, so an
// id planted before login (session fixation) is worthless afterwards; the
// CSRF token and the language picked stored in the session move along
// with it.
func (s *Site) LogIn(c *fiber.Ctx, u *models.User) error {
	sess, err := sessionOf(c)
	if err != nil {
		return fmt.Errorf("web: log in: %w", err)
	}
	sess.regenerate()
	sess.userID = u.ID
	sess.values.AuthAt = time.Now().UnixNano()
	c.Locals(localUser, u)
	// A language picked on the login page becomes the user's own choice,
	// unless they made one before.
	if sess.values.Lang != "" && u.Language == "" {
		if err := models.SetUserLanguage(s.DB.WithContext(c.UserContext()), u.ID, sess.values.Lang); err != nil {
			return fmt.Errorf("web: log in: %w", err)
		}
		u.Language = sess.values.Lang
	}
	return nil
}

// KeepSessionAfterPasswordChange re-stamps the current session as logged in
// now, after SetPassword revoked every session older than the change: the
// user's other sessions end, this one goes on.
func (s *Site) KeepSessionAfterPasswordChange(c *fiber.Ctx) error {
	sess, err := sessionOf(c)
	if err != nil {
		return fmt.Errorf("web: keep session: %w", err)
	}
	sess.values.AuthAt, sess.changed = time.Now().UnixNano(), true
	return nil
}

// LogOut ends the session: its data is dropped, its id replaced, and only
// the farewell flash message (in the page's language) and the language
// travel on in the fresh session, so the login page still reads the same.
func (s *Site) LogOut(c *fiber.Ctx, farewell i18n.Message) error {
	sess, err := sessionOf(c)
	if err != nil {
		return fmt.Errorf("web: log out: %w", err)
	}
	fresh := newSession(sess.id)
	fresh.values.Lang = sess.values.Lang
	if u := CurrentUser(c); u != nil && u.Language != "" {
		fresh.values.Lang = u.Language
	}
	if !farewell.IsZero() {
		fresh.values.Flashes = []string{encodeFlash(Flash{Kind: "info", Message: Tr(c).Text(farewell)})}
	}
	c.Locals(localSession, fresh)
	c.Locals(localUser, nil)
	return nil
}

// AddFlash queues a message for the next page the visitor sees, typically
// right before a 303 redirect. It is put into the visitor's language now.
func (s *Site) AddFlash(c *fiber.Ctx, kind string, msg i18n.Message) error {
	sess, err := sessionOf(c)
	if err != nil {
		return fmt.Errorf("web: add flash: %w", err)
	}
	sess.values.Flashes = append(sess.values.Flashes, encodeFlash(Flash{Kind: kind, Message: Tr(c).Text(msg)}))
	sess.changed = true
	return nil
}

// takeFlashes removes the queued messages from the session and returns
// them; the session is then written when the request ends.
func (s *Site) takeFlashes(c *fiber.Ctx) []Flash {
	sess, err := sessionOf(c)
	if err != nil || len(sess.values.Flashes) == 0 {
		return nil
	}
	flashes := make([]Flash, 0, len(sess.values.Flashes))
	for _, q := range sess.values.Flashes {
		flashes = append(flashes, decodeFlash(q))
	}
	sess.values.Flashes, sess.changed = nil, true
	return flashes
}

// Flashes are stored as "kind\x00message" strings, compact in the JSON.
func encodeFlash(f Flash) string { return f.Kind + "\x00" + f.Message }

func decodeFlash(s string) Flash {
	kind, msg, ok := strings.Cut(s, "\x00")
	if !ok {
		return Flash{Kind: "info", Message: s}
	}
	return Flash{Kind: kind, Message: msg}
}
