package app

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/config"
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
