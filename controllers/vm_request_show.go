package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// historyEntry is one change as the detail page lists it.
type historyEntry struct {
	models.VMHistory
	By string // username of who made the change
}

// Show renders a request: its current details, the original submission and
// every change since, with who made it and when.
func (v *VMRequests) Show(c *fiber.Ctx) error {
	d, err := v.loadDetail(c)
	if err != nil {
		return err
	}
	return v.renderShow(c, fiber.StatusOK, d, nil)
}

// loadDetail loads the request of the URL with everything its page shows,
// in one query; users see only their own requests (404 for others').
func (v *VMRequests) loadDetail(c *fiber.Ctx) (*models.RequestDetail, error) {
	id, err := requestID(c)
	if err != nil {
		return nil, err
	}
	d, err := models.LoadRequestDetail(v.DB.WithContext(c.UserContext()), id)
	if err != nil {
		return nil, err
	}
	if u := web.CurrentUser(c); !u.IsAdmin() && d.Request.CreatedByID != u.ID {
		return nil, models.ErrNotFound
	}
	return d, nil
}

// renderShow renders the detail page; refused carries a decision refused
// for its text (the Reason of a reject) back to its form.
func (v *VMRequests) renderShow(c *fiber.Ctx, status int, d *models.RequestDetail, refused *refusal) error {
	r, names := d.Request, d.Names
	history := make([]historyEntry, len(d.Updates))
	for i, h := range d.Updates {
		history[i] = historyEntry{VMHistory: h, By: "system"}
		if h.ChangedByID != nil {
			history[i].By = names[*h.ChangedByID]
		}
	}
	decidedBy := ""
	if r.DecidedByID != nil {
		decidedBy = names[*r.DecidedByID]
	}
	current := r.Snapshot()
	u := web.CurrentUser(c)
	return v.Render(c, status, "detalles_vm", i18n.M("request.show_title", "Name", r.VMName), fiber.Map{
		"Request":   r,
		"Current":   current.Fields(),
		"Original":  d.Original.Fields(),
		"History":   history,
		"Names":     names,
		"DecidedBy": decidedBy,
		"CanEdit":   canEdit(u, r),
		"Decisions": decisionForms(web.Tr(c), u, r, refused),
	})
}
