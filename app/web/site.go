package web

import (
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"gorm.io/gorm"

	"vmportal/models"
)

// Site carries what every controller needs besides its own models: the
// database, the session store and the logger. One Site is built by app.New
// and shared.
type Site struct {
	DB       *gorm.DB
	Sessions *session.Store
	Log      *slog.Logger
	Proxies  *TrustedProxies
}

// Locals keys set by the middleware of this package.
const (
	localUser    = "web.user"
	localFlashes = "web.flashes"
	// localPasswordWarning: an admin account still has the initial password.
	localPasswordWarning = "web.passwordWarning"
	// CSRFContextKey is where the csrf middleware leaves the form token.
	CSRFContextKey = "web.csrf"
)

// Session keys.
const (
	sessUserID  = "uid"
	sessAuthAt  = "auth_at"
	sessFlashes = "flash"
)

func init() {
	// gob needs the concrete types stored in a session's map.
	(&session.Store{}).RegisterType(int64(0))
	(&session.Store{}).RegisterType([]string(nil))
}

// CurrentUser returns the logged-in user, or nil for an anonymous visitor.
func CurrentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(localUser).(*models.User)
	return u
}
