package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
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
	r, err := v.loadVisible(c)
	if err != nil {
		return err
	}
	return v.renderShow(c, fiber.StatusOK, r, nil)
}

// renderShow renders the detail page; errs carries a refused decision's
// field errors (the Reason of a reject) back to its form.
func (v *VMRequests) renderShow(c *fiber.Ctx, status int, r *models.VMRequest, errs models.FieldErrors) error {
	db := v.DB.WithContext(c.UserContext())
	original, err := models.OriginalSubmission(db, r.ID)
	if err != nil {
		return err
	}
	updates, err := models.RequestUpdates(db, r.ID)
	if err != nil {
		return err
	}
	ids := []int64{r.CreatedByID, r.UpdatedByID}
	if r.DecidedByID != nil {
		ids = append(ids, *r.DecidedByID)
	}
	for _, h := range updates {
		if h.ChangedByID != nil {
			ids = append(ids, *h.ChangedByID)
		}
	}
	names, err := models.UserNames(db, ids...)
	if err != nil {
		return err
	}
	history := make([]historyEntry, len(updates))
	for i, h := range updates {
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
	return v.Render(c, status, "detalles_vm", r.VMName, fiber.Map{
		"Request":   r,
		"Current":   current.Fields(),
		"Original":  original.Fields(),
		"History":   history,
		"Names":     names,
		"DecidedBy": decidedBy,
		"CanEdit":   canEdit(u, r),
		"Decisions": fiber.Map{
			"Approve":  u.IsAdmin() && models.CanDecide(models.DecisionApprove, r.Status),
			"Reject":   u.IsAdmin() && models.CanDecide(models.DecisionReject, r.Status),
			"Activate": u.IsAdmin() && models.CanDecide(models.DecisionActivate, r.Status),
		},
		"Errors": errs,
		"Reason": c.FormValue("reason"),
	})
}
