// Package routes is the portal's route table: every URL, the middleware of
// each group, and the controller method that answers it. Nothing else.
package routes

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/controllers"
	"vmportal/models"
)

// Handlers is what the route table wires together; app.New builds it.
type Handlers struct {
	// Static serves public/ (Bootstrap, CSS, JS).
	Static fiber.Handler
	// Stateful is the middleware chain that gives a request its session,
	// CSRF protection and current user.
	Stateful []fiber.Handler

	Account    *controllers.Account
	Audit      *controllers.Audit
	Users      *controllers.Users
	Auth       *controllers.Auth
	Dashboard  *controllers.Dashboard
	Health     *controllers.Health
	Language   *controllers.Language
	VMRequests *controllers.VMRequests
	Hosts      *controllers.Hosts
	Policies   *controllers.Policies
	Webhooks   *controllers.Webhooks
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
	app.Post("/login", h.Auth.Login) // throttled by the login use case
	app.Post("/logout", web.RequireAuth, h.Auth.Logout)

	// Language picker: anyone, logged in or not.
	app.Post("/language", h.Language.Set)

	// Dashboard.
	app.Get("/", web.RequireAuth, func(c *fiber.Ctx) error { return web.Redirect(c, "/dashboard") })
	app.Get("/dashboard", web.RequireAuth, h.Dashboard.Show)

	// VM requests: every logged-in user; the controller limits users to
	// their own requests and to editing them while Pending.
	adminOnly := web.RequireRole(models.RoleAdmin)
	vms := app.Group("/vms", web.RequireAuth)
	vms.Get("/", h.VMRequests.Index)
	vms.Get("/new", h.VMRequests.New)
	vms.Post("/new", h.VMRequests.Create)
	// CSV: the export has the list's filters and permissions; importing
	// is for admins (registered before /:id, which would take "import").
	app.Get("/vms.csv", web.RequireAuth, h.VMRequests.Export)
	vms.Get("/import", adminOnly, h.VMRequests.ImportForm)
	vms.Post("/import", adminOnly, h.VMRequests.ImportPreview)
	vms.Post("/import/:id", adminOnly, h.VMRequests.Import)
	vms.Get("/:id", h.VMRequests.Show)
	vms.Get("/:id/edit", h.VMRequests.Edit)
	vms.Post("/:id/edit", h.VMRequests.Update)
	// Collaboration: comments, comparing and restoring versions. Who may
	// (the owner, admins; restoring as editing) is checked by the controller.
	vms.Post("/:id/comments", h.VMRequests.Comment)
	vms.Get("/:id/compare", h.VMRequests.Compare)
	vms.Post("/:id/restore", h.VMRequests.Restore)
	// Cancelling: the owner (while Pending) or an admin, as the workflow
	// table says; the controller checks.
	vms.Post("/:id/cancel", h.VMRequests.Decide(models.DecisionCancel))

	// Decisions: admins only (guarded per route: a group on "/vms/:id"
	// would also guard the detail and edit pages, as Use matches prefixes).
	vms.Post("/:id/approve", adminOnly, h.VMRequests.Decide(models.DecisionApprove))
	vms.Post("/:id/reject", adminOnly, h.VMRequests.Decide(models.DecisionReject))
	vms.Post("/:id/activate", adminOnly, h.VMRequests.Decide(models.DecisionActivate))
	vms.Post("/:id/decommission", adminOnly, h.VMRequests.Decide(models.DecisionDecommission))

	// Own account: every logged-in user.
	app.Get("/account", web.RequireAuth, h.Account.Show)
	app.Post("/account", web.RequireAuth, h.Account.UpdateSettings)
	app.Get("/account/password", web.RequireAuth, h.Account.ShowPassword)
	app.Post("/account/password", web.RequireAuth, h.Account.ChangePassword)

	// Audit trail: admins only.
	app.Get("/audit", web.RequireAuth, adminOnly, h.Audit.Index)
	app.Get("/audit.csv", web.RequireAuth, adminOnly, h.Audit.Export)

	// User accounts: admins only.
	users := app.Group("/users", web.RequireAuth, adminOnly)
	users.Get("/", h.Users.Index)
	users.Get("/new", h.Users.New)
	users.Post("/new", h.Users.Create)
	users.Get("/:id/edit", h.Users.Edit)
	users.Post("/:id/edit", h.Users.Update)
	users.Post("/:id/deactivate", h.Users.SetActive(false))
	users.Post("/:id/reactivate", h.Users.SetActive(true))
	users.Get("/:id/password", h.Users.ShowResetPassword)
	users.Post("/:id/password", h.Users.ResetPassword)

	// Virtual hosts and their capacity: admins only.
	hosts := app.Group("/hosts", web.RequireAuth, adminOnly)
	hosts.Get("/", h.Hosts.Index)
	hosts.Get("/new", h.Hosts.New)
	hosts.Post("/new", h.Hosts.Create)
	hosts.Get("/:id/edit", h.Hosts.Edit)
	hosts.Post("/:id/edit", h.Hosts.Update)
	hosts.Post("/:id/retire", h.Hosts.Retire)

	// Approval policies: admins only.
	policies := app.Group("/policies", web.RequireAuth, adminOnly)
	policies.Get("/", h.Policies.Index)
	policies.Get("/new", h.Policies.New)
	policies.Post("/new", h.Policies.Create)
	policies.Get("/:id/edit", h.Policies.Edit)
	policies.Post("/:id/edit", h.Policies.Update)
	policies.Post("/:id/up", h.Policies.Move(-1))
	policies.Post("/:id/down", h.Policies.Move(+1))
	policies.Post("/:id/delete", h.Policies.Delete)
	// Webhooks and the notification queue: admins only.
	admin := app.Group("/admin", web.RequireAuth, adminOnly)
	admin.Get("/webhooks", h.Webhooks.Index)
	admin.Get("/webhooks/new", h.Webhooks.New)
	admin.Post("/webhooks/new", h.Webhooks.Create)
	admin.Get("/webhooks/:id/edit", h.Webhooks.Edit)
	admin.Post("/webhooks/:id/edit", h.Webhooks.Update)
	admin.Post("/webhooks/:id/delete", h.Webhooks.Delete)
	admin.Post("/webhooks/:id/test", h.Webhooks.SendTest)
	admin.Get("/webhooks/:id/deliveries", h.Webhooks.Deliveries)
	admin.Get("/queue", h.Webhooks.ShowQueue)
}
