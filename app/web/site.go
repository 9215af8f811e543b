package web

import (
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"vmportal/database"
	"vmportal/models"
)

// Site carries what every controller needs besides its own models: the
// database, the session store and the logger. One Site is built by app.New
// and shared.
type Site struct {
	DB       *gorm.DB
	Sessions *database.SessionStore
	Log      *slog.Logger
	Proxies  *TrustedProxies
	// SessionTTL is how long an idle session stays valid.
	SessionTTL time.Duration
	// CookieSecure marks cookies Secure on every request; without it they
	// are Secure on requests that came over HTTPS (directly, or through a
	// trusted proxy that says so in X-Forwarded-Proto).
	CookieSecure bool

	// anonKey is the key of anonymous sessions once read (anonymous.go).
	anonKey atomic.Pointer[[]byte]
}

// Cookie names.
const (
	SessionCookie = "vmportal_session"
	CSRFCookie    = "vmportal_csrf"
)

// Locals keys set by the middleware of this package.
const (
	localUser    = "web.user"
	localSession = "web.session"
	// localPasswordWarning: an admin account still has the initial password.
	localPasswordWarning = "web.passwordWarning"
	// localSuggestionsVersion: the forms' suggestions' version, read with
	// the session.
	localSuggestionsVersion = "web.suggestionsVersion"
)

// SuggestionsVersion is the version of the forms' suggestions that the
// session's read reported (see models.SuggestionCache), and false when no
// session was read.
func SuggestionsVersion(c *fiber.Ctx) (int64, bool) {
	v, ok := c.Locals(localSuggestionsVersion).(int64)
	return v, ok
}

// CurrentUser returns the logged-in user, or nil for an anonymous visitor.
func CurrentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(localUser).(*models.User)
	return u
}
