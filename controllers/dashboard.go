package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Dashboard is the landing page after login.
type Dashboard struct {
	*web.Site
}

// Show renders the quick actions; admins also see how many requests wait
// for a decision.
func (d *Dashboard) Show(c *fiber.Ctx) error {
	data := fiber.Map{}
	if web.CurrentUser(c).IsAdmin() {
		n, err := models.CountRequestsWithStatus(d.DB.WithContext(c.UserContext()), models.StatusPending)
		if err != nil {
			return err
		}
		data["PendingCount"], data["CountCap"] = n, int64(models.CountCap)
	}
	return d.Render(c, fiber.StatusOK, "dashboard", i18n.M("dashboard.title"), data)
}
