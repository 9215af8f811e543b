package web

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
	"vmportal/models"
)

// Stateful gives a request its session, CSRF protection and current user.
// The session and its user come from one query (database.SessionStore):
// loading the user on every request rather than trusting the session means
// a deactivated account or a changed role takes effect on the very next
// request. The session is written once, after the handler, and only when
// it changed or its expiry needs extending.
func (s *Site) Stateful() fiber.Handler {
	return func(c *fiber.Ctx) error {
		sess, err := s.loadSession(c)
		if err != nil {
			return err
		}
		c.Locals(localSession, sess)
		chooseLanguage(c, sess)
		if err = checkCSRF(c, sess); err == nil {
			err = c.Next()
		}
		if serr := s.saveSession(c); err == nil {
			err = serr
		}
		return err
	}
}

// loadSession reads the session named by the cookie and its user. Without
// a stored session, the visitor has a pristine anonymous one, not stored
// (anonymous.go; a client-chosen id is never adopted). An unreadable
// session, or one whose user is gone, deactivated or changed password
// after it logged in, is replaced by a fresh anonymous one that deletes
// it when saved.
func (s *Site) loadSession(c *fiber.Ctx) (*session, error) {
	id := c.Cookies(SessionCookie)
	if id == "" || len(id) > 64 {
		return s.anonymousSession(c.UserContext(), "")
	}
	st, err := s.Sessions.Load(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return s.anonymousSession(c.UserContext(), id)
	}
	c.Locals(localSuggestionsVersion, st.SuggestionsVersion)
	sess := &session{id: id, expires: st.Expires, stored: true}
	if json.Unmarshal(st.Data, &sess.values) != nil || sess.values.CSRF == "" {
		return newSession(id), nil
	}
	if st.UserID == 0 {
		return sess, nil
	}
	u := st.User
	if u == nil || !u.Active || u.SessionRevoked(time.Unix(0, sess.values.AuthAt)) {
		return newSession(id), nil
	}
	sess.userID = u.ID
	c.Locals(localUser, u)
	c.Locals(localPasswordWarning, st.PasswordWarning)
	c.SetUserContext(models.WithActor(c.UserContext(), s.Actor(c)))
	return sess, nil
}

// saveSession writes the request's session (LogOut may have replaced it)
// when it changed, or when more than a tenth of its lifetime has passed
// since it was last written: an idle session still ends between 0.9 and 1
// SessionTTL after its last page, and a reader of many pages costs a write
// every SessionTTL/10, not one a page.
func (s *Site) saveSession(c *fiber.Ctx) error {
	sess, err := sessionOf(c)
	if err != nil {
		return err
	}
	s.setCookie(c, CSRFCookie, sess.values.CSRF, 0)
	if !sess.stored && !sess.changed {
		// A pristine anonymous session: its cookies are all there is of it.
		if c.Cookies(SessionCookie) != sess.id {
			s.setCookie(c, SessionCookie, sess.id, s.SessionTTL)
		}
		return nil
	}
	now := time.Now()
	if !sess.changed && sess.expires.Sub(now) > s.SessionTTL-s.SessionTTL/10 {
		return nil
	}
	sess.expires = now.Add(s.SessionTTL)
	if err := s.Sessions.Save(c.UserContext(), sess.id, sess.replaces, sess.userID, sess.encode(), sess.expires); err != nil {
		return err
	}
	s.setCookie(c, SessionCookie, sess.id, s.SessionTTL)
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure when configured
// or when the request came over HTTPS. maxAge 0 makes a browser-session
// cookie. The CSRF cookie is sent only when the browser's copy differs.
func (s *Site) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	if name == CSRFCookie && c.Cookies(name) == value {
		return
	}
	ck := &fiber.Cookie{
		Name: name, Value: value, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		// c.Protocol believes X-Forwarded-Proto only from TRUSTED_PROXIES.
		Secure: s.CookieSecure || c.Protocol() == "https",
	}
	if maxAge > 0 {
		ck.MaxAge = int(maxAge.Seconds())
		ck.Expires = time.Now().Add(maxAge)
	}
	c.Cookie(ck)
	c.Vary(fiber.HeaderCookie)
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
			return Refuse(fiber.StatusForbidden, i18n.M("error.admins_only"))
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
