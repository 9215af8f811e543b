package app

import (
	"bytes"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/config"
	"vmportal/i18n"
)

// contentSecurityPolicy allows only this site's own scripts, styles and
// images (plus the data: SVGs Bootstrap's CSS uses), so an injected
// <script> would not run even if escaping ever failed.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'self'; object-src 'none'"

// securityHeaders sets the headers every answer carries. Apache sets them
// too in production; setting them here keeps a directly reached app safe.
func securityHeaders(cfg config.Config) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderXFrameOptions, "DENY")
		c.Set(fiber.HeaderReferrerPolicy, "same-origin")
		if cfg.CookieSecure {
			c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
		}
		return c.Next()
	}
}

// requestLogger logs one line per request, after the answer is known.
func requestLogger(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			// The error handler has not run yet; it will set the real status.
			if fe, ok := err.(*fiber.Error); ok {
				status = fe.Code
			} else {
				status = fiber.StatusInternalServerError
			}
		}
		log.LogAttrs(c.UserContext(), slog.LevelDebug, "request",
			slog.String("method", c.Method()), slog.String("path", c.Path()),
			slog.Int("status", status), slog.Duration("took", time.Since(start)))
		return err
	}
}

// errUnreadableText answers input that no keyboard types: PostgreSQL cannot
// store a NUL byte or invalid UTF-8 in text, so such a value would fail deep
// in a query; it is refused at the door instead, with a page that says why.
var errUnreadableText = web.Refuse(fiber.StatusBadRequest, i18n.M("error.unreadable"))

// rejectUnreadableText refuses a request whose query string or form fields
// hold a NUL byte or invalid UTF-8. Browsers never send them from a form, so
// no person loses typed input; uploads (multipart) are checked where read.
func rejectUnreadableText(c *fiber.Ctx) error {
	bad := false
	check := func(k, v []byte) {
		bad = bad || !readable(k) || !readable(v)
	}
	c.Request().URI().QueryArgs().VisitAll(check)
	if strings.HasPrefix(string(c.Request().Header.ContentType()), fiber.MIMEApplicationForm) {
		c.Request().PostArgs().VisitAll(check)
	}
	if bad {
		return errUnreadableText
	}
	return c.Next()
}

// readable reports whether b is valid UTF-8 without NUL bytes.
func readable(b []byte) bool {
	return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0
}
