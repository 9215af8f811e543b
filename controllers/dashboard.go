package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// Dashboard is the landing page after login.
type Dashboard struct {
	*web.Site
	// charts keeps the month chart drawn per language until a count
	// changes: drawing it was most of the page's work.
	charts web.Fragments
}

// dashboardMonths is how many months the admins' chart covers.
const dashboardMonths = 12

// dashboardOldest is how many of the oldest Pending requests admins see.
const dashboardOldest = 5

// Show renders the quick actions and "My Requests" (the user's requests
// per status); admins also see the Pending count, the oldest Pending
// requests, a chart of requests per month by status and each registered
// host's capacity in use; the chart is drawn again only when its counts
// change. The figures are one statement on the summary tables the
// database keeps and the hosts' use, never a count of the requests
// (models.ReadDashboard).
func (d *Dashboard) Show(c *fiber.Ctx) error {
	db := d.DB.WithContext(c.UserContext())
	u := web.CurrentUser(c)
	figures, err := models.ReadDashboard(db, u.ID, u.IsAdmin(), models.Today(), dashboardMonths, dashboardOldest)
	if err != nil {
		return err
	}
	data := fiber.Map{"Mine": figures.Mine}
	if u.IsAdmin() {
		all := figures.All
		chart, err := d.charts.Render(c, views.MonthChart, views.MonthChartInput(all.Months),
			func(tr *i18n.Translator) any { return views.NewMonthChart(tr, all.Months) })
		if err != nil {
			return err
		}
		data["Chart"], data["Oldest"], data["Hosts"] = chart, figures.Oldest, figures.Hosts
		data["PendingCount"] = all.InStatus(models.StatusPending)
	}
	return d.Render(c, fiber.StatusOK, "dashboard", i18n.M("dashboard.title"), data)
}
