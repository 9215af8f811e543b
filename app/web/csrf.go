package web

import (
	"crypto/subtle"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
)

// errCSRF is the answer to an unsafe request without a valid token.
var errCSRF = Refuse(fiber.StatusForbidden, i18n.M("error.csrf"))

// checkCSRF guards every unsafe request (anything but GET, HEAD, OPTIONS,
// TRACE) as Fiber's csrf middleware did with its token kept in the
// session, but on the session Stateful already loaded instead of reading
// it again:
//   - over HTTPS the Referer must be this site (scheme and host), so a
//     page on another origin cannot post even with a leaked token;
//   - the form's _csrf must equal the CSRF cookie (double submit) and the
//     token stored in the session, compared in constant time.
//
// The token lives in the session, so it dies with it and moves with it at
// login; a fresh session has a fresh token that no form carries yet.
func checkCSRF(c *fiber.Ctx, sess *session) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return nil
	}
	if c.Protocol() == "https" && !refererMatchesHost(c) {
		return errCSRF
	}
	token := c.FormValue("_csrf")
	if token == "" || !sameToken(token, c.Cookies(CSRFCookie)) || !sameToken(token, sess.values.CSRF) {
		return errCSRF
	}
	return nil
}

// sameToken compares in constant time, so response timing tells nothing
// about how much of a guessed token was right.
func sameToken(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// refererMatchesHost reports whether the Referer names this site with the
// request's scheme.
func refererMatchesHost(c *fiber.Ctx) bool {
	ref := strings.ToLower(c.Get(fiber.HeaderReferer))
	if ref == "" {
		return false
	}
	u, err := url.Parse(ref)
	return err == nil && u.Scheme == c.Protocol() && u.Host == c.Hostname()
}
