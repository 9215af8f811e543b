// Package app is the portal's app factory: New builds the Fiber app with
// its template engine, middleware in their fixed order, the central error
// handler, the session store and the route table. Serve runs it with a
// graceful shutdown.
package app

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/template/html/v2"

	"vmportal/app/directory"
	"vmportal/app/notify"
	"vmportal/app/web"
	"vmportal/config"
	"vmportal/controllers"
	"vmportal/controllers/api"
	"vmportal/database"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/public"
	"vmportal/routes"
	"vmportal/views"
)

// Cookie names.
const (
	SessionCookie = web.SessionCookie
	CSRFCookie    = web.CSRFCookie
)

// Login throttle: failed password checks allowed per window before further
// attempts are refused until the window ends (models.LoginThrottle).
const (
	throttleWindow     = 15 * time.Minute
	throttlePerAccount = 5
	throttlePerIP      = 20
)

// New builds the portal's web app on db and stores. It fails when a
// template does not parse, so a broken view stops the start, not a page.
func New(cfg config.Config, db *database.DB, stores *database.Stores, log *slog.Logger) (*fiber.App, error) {
	engine := web.NewViews(func(tr *i18n.Translator) *html.Engine { return newEngine(cfg, tr) })
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("app: load templates: %w", err)
	}
	app := fiber.New(fiber.Config{
		AppName:               "VM Portal",
		Views:                 engine,
		ErrorHandler:          errorHandler(log, func() { db.Reset(); stores.Reset() }),
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           2 * time.Minute,
		// Long enough for any request line Apache passes on (8 KiB by
		// default); a longer one is refused with 431 before routing.
		ReadBufferSize: 16 * 1024,
		// X-Forwarded-Proto (c.Protocol) is believed only from these.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
	})

	app.Server().HeaderReceived = routeLimits

	site := &web.Site{
		DB: db.Gorm, Sessions: database.NewSessionStore(db.Gorm, stores), Log: log,
		Proxies: web.NewTrustedProxies(cfg.TrustedProxies), SessionTTL: cfg.SessionTTL, CookieSecure: cfg.CookieSecure,
	}
	dir, err := directory.New(cfg.LDAP)
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	queue, err := notify.NewQueue(db, cfg.Notify, log)
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	// From here on, every audited request change through db queues its
	// notifications in its own transaction.
	if err := queue.Attach(db.Gorm); err != nil {
		return nil, fmt.Errorf("app: attach notifications: %w", err)
	}
	logins := models.NewLogin(cfg.BcryptCost, models.LoginThrottle{
		Window: throttleWindow, PerAccount: throttlePerAccount, PerAddress: throttlePerIP,
	}, dir, config.DefaultAdminPassword)

	app.Use(recover.New(), requestLogger(log), securityHeaders(cfg), rejectUnreadableText)
	routes.Register(app, routes.Handlers{
		Static:     staticFiles(cfg),
		Stateful:   []fiber.Handler{site.Stateful()},
		Auth:       &controllers.Auth{Site: site, Credentials: logins},
		Dashboard:  &controllers.Dashboard{Site: site},
		Health:     &controllers.Health{DB: db},
		Language:   &controllers.Language{Site: site},
		VMRequests: &controllers.VMRequests{Site: site},
		Account:    &controllers.Account{Site: site, BcryptCost: cfg.BcryptCost, Credentials: logins},
		Audit:      &controllers.Audit{Site: site},
		Users:      &controllers.Users{Site: site, BcryptCost: cfg.BcryptCost},
		Tokens:     &controllers.Tokens{Site: site},
		API:        &api.API{DB: db.Gorm, Proxies: site.Proxies, Limiter: api.NewRateLimiter(cfg.APIRateLimit), Log: log},
		Hosts:      &controllers.Hosts{Site: site},
		Policies:   &controllers.Policies{Site: site},
		Webhooks:   &controllers.Webhooks{Site: site, Queue: queue},
	})
	return app, nil
}

// newEngine parses the templates embedded in the binary, or, in dev mode,
// reads them from ./views and re-reads them on every request; their fixed
// texts (views.Translated) and asset URLs (views.WithAssetURLs) are
// written in and their functions speak tr's language.
func newEngine(cfg config.Config, tr *i18n.Translator) *html.Engine {
	var files fs.FS = views.FS
	if cfg.DevMode {
		files = os.DirFS("./views")
	}
	asset := assetURLs(publicFiles(cfg), !cfg.DevMode)
	engine := html.NewFileSystem(http.FS(views.WithAssetURLs(views.Translated(files, tr), asset)), ".html")
	engine.Reload(cfg.DevMode)
	engine.AddFuncMap(views.Funcs(tr))
	engine.AddFunc("asset", asset)
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
