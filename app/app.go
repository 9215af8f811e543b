// Package app is the portal's app factory: New builds the Fiber app with
// its template engine, middleware in their fixed order, the central error
// handler, the session store and the route table. Serve runs it with a
// graceful shutdown.
package app

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/template/html/v2"

	"vmportal/app/web"
	"vmportal/config"
	"vmportal/controllers"
	"vmportal/database"
	"vmportal/public"
	"vmportal/routes"
	"vmportal/views"
)

// Cookie names.
const (
	SessionCookie = web.SessionCookie
	CSRFCookie    = web.CSRFCookie
)

// Login throttle: failed attempts allowed per window before further
// attempts are refused until the window ends.
const (
	throttleWindow     = 15 * time.Minute
	throttlePerAccount = 5
	throttlePerIP      = 20
)

// New builds the portal's web app on db and stores. It fails when a
// template does not parse, so a broken view stops the start, not a page.
func New(cfg config.Config, db *database.DB, stores *database.Stores, log *slog.Logger) (*fiber.App, error) {
	engine := newEngine(cfg)
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("app: load templates: %w", err)
	}
	app := fiber.New(fiber.Config{
		AppName:               "VM Portal",
		Views:                 engine,
		ErrorHandler:          errorHandler(log),
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           2 * time.Minute,
		// X-Forwarded-Proto (c.Protocol) is believed only from these.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
	})

	site := &web.Site{
		DB: db.Gorm, Sessions: database.NewSessionStore(db.Gorm, stores), Log: log,
		Proxies: web.NewTrustedProxies(cfg.TrustedProxies), SessionTTL: cfg.SessionTTL, CookieSecure: cfg.CookieSecure,
	}
	auth := &controllers.Auth{Site: site}

	app.Use(recover.New(), requestLogger(log), securityHeaders(cfg))
	routes.Register(app, routes.Handlers{
		Static:        staticFiles(cfg),
		Stateful:      []fiber.Handler{site.Stateful()},
		LoginThrottle: loginThrottle(stores, site.Proxies.ClientIP, auth.Throttled),
		Auth:          auth,
		Dashboard:     &controllers.Dashboard{Site: site},
		Health:        &controllers.Health{DB: db},
		VMRequests:    &controllers.VMRequests{Site: site},
		Account:       &controllers.Account{Site: site, BcryptCost: cfg.BcryptCost},
		Audit:         &controllers.Audit{Site: site},
		Users:         &controllers.Users{Site: site, BcryptCost: cfg.BcryptCost},
	})
	return app, nil
}

// newEngine parses the templates embedded in the binary, or, in dev mode,
// reads them from ./views and re-reads them on every request.
func newEngine(cfg config.Config) *html.Engine {
	var engine *html.Engine
	if cfg.DevMode {
		engine = html.New("./views", ".html")
		engine.Reload(true)
	} else {
		engine = html.NewFileSystem(http.FS(views.FS), ".html")
	}
	engine.AddFuncMap(views.Funcs())
	engine.AddFunc("asset", assetURLs(publicFiles(cfg), !cfg.DevMode))
	return engine
}

// publicFiles is public/ embedded in the binary, or on disk in dev mode.
func publicFiles(cfg config.Config) fs.FS {
	if cfg.DevMode {
		return os.DirFS("./public")
	}
	return public.FS
}

// staticFiles serves public/ under /static (embedded, or from disk in dev
// mode). Behind Apache these are served by Apache itself.
func staticFiles(cfg config.Config) fiber.Handler {
	return filesystem.New(filesystem.Config{Root: http.FS(publicFiles(cfg)), MaxAge: 86400})
}

// loginThrottle counts failed logins (answers >= 400) per attempted
// username and per client IP, in PostgreSQL so that all instances share
// the counts. Once either limit is reached, attempts are refused by
// throttled until the window ends, even with the right password.
func loginThrottle(stores *database.Stores, clientIP func(*fiber.Ctx) string, throttled fiber.Handler) []fiber.Handler {
	byAccount := limiter.New(limiter.Config{
		Max:                    throttlePerAccount,
		Expiration:             throttleWindow,
		SkipSuccessfulRequests: true,
		Storage:                stores.LoginThrottle,
		KeyGenerator: func(c *fiber.Ctx) string {
			return "user:" + shortHash(strings.ToLower(strings.TrimSpace(c.FormValue("username"))))
		},
		LimitReached: throttled,
	})
	byIP := limiter.New(limiter.Config{
		Max:                    throttlePerIP,
		Expiration:             throttleWindow,
		SkipSuccessfulRequests: true,
		Storage:                stores.LoginThrottle,
		KeyGenerator:           func(c *fiber.Ctx) string { return "ip:" + clientIP(c) },
		LimitReached:           throttled,
	})
	return []fiber.Handler{byIP, byAccount}
}

// shortHash keeps attacker-chosen usernames to a fixed-size storage key.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}
