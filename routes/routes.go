// Package routes is the portal's route table: every URL, the middleware of
// each group, and the controller method that answers it. Nothing else.
package routes

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/controllers"
)

// Handlers is what the route table wires together; app.New builds it.
type Handlers struct {
	// Static serves public/ (Bootstrap, CSS, JS).
	Static fiber.Handler
	// Stateful is the middleware chain that gives a request its session,
	// CSRF protection and current user.
	Stateful []fiber.Handler
	// LoginThrottle limits failed logins per username and per client IP.
	LoginThrottle []fiber.Handler

	Auth       *controllers.Auth
	Dashboard  *controllers.Dashboard
	Health     *controllers.Health
	VMRequests *controllers.VMRequests
}

// Register adds every route to app. Order matters: the stateless routes
// come first so that probes and static files never touch a session.
func Register(app *fiber.App, h Handlers) {
	// Stateless: health probe and static files.
	app.Get("/healthz", h.Health.Show)
	app.Use("/static", h.Static)

	// Everything below has a session, CSRF protection and the current user.
	for _, mw := range h.Stateful {
		app.Use(mw)
	}

	// Auth.
	app.Get("/login", h.Auth.ShowLogin)
	app.Post("/login", append(h.LoginThrottle, h.Auth.Login)...)
	app.Post("/logout", web.RequireAuth, h.Auth.Logout)

	// Dashboard.
	app.Get("/", web.RequireAuth, func(c *fiber.Ctx) error { return web.Redirect(c, "/dashboard") })
	app.Get("/dashboard", web.RequireAuth, h.Dashboard.Show)

	// VM requests: every logged-in user; the controller limits users to
	// their own requests and to editing them while Pending.
	vms := app.Group("/vms", web.RequireAuth)
	vms.Get("/", h.VMRequests.Index)
	vms.Get("/new", h.VMRequests.New)
	vms.Post("/new", h.VMRequests.Create)
	vms.Get("/:id", h.VMRequests.Show)
	vms.Get("/:id/edit", h.VMRequests.Edit)
	vms.Post("/:id/edit", h.VMRequests.Update)
}
