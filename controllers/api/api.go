package api

import (
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"vmportal/app/web"
	"vmportal/models"
)

// API holds what the API's handlers need: the database, the trusted
// proxies (for the client address the audit records), the rate limiter
// and the logger. One API is built by app.New and shared.
type API struct {
	DB      *gorm.DB
	Proxies *web.TrustedProxies
	Limiter *RateLimiter
	Log     *slog.Logger
}

// Locals keys set by Authenticate.
const (
	localUser  = "api.user"
	localToken = "api.token"
)

// user is the token's user, read on this call.
func user(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(localUser).(*models.User)
	return u
}

// token is the token that authorised this call.
func token(c *fiber.Ctx) *models.APIToken {
	t, _ := c.Locals(localToken).(*models.APIToken)
	return t
}

// db is the database in the call's context, which carries the actor.
func (a *API) db(c *fiber.Ctx) *gorm.DB { return a.DB.WithContext(c.UserContext()) }

// NotFound answers every path under /api that no route took.
func (a *API) NotFound(*fiber.Ctx) error { return notFound() }
