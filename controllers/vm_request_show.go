package controllers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// showForms carries what was typed into one of the detail page's forms
// back to it when the page is shown again with an error.
type showForms struct {
	refused *refusal    // a decision refused for its text
	comment commentForm // the comment form
}

// commentForm is the detail page's "Add a comment" form.
type commentForm struct {
	Text  string
	Error i18n.Message
}

// Show renders a request: its current details, the original submission,
// every change since with who made it and when, and its comments.
func (v *VMRequests) Show(c *fiber.Ctx) error {
	d, err := v.loadDetail(c, models.WithChanges)
	if err != nil {
		return err
	}
	return v.renderShow(c, fiber.StatusOK, d, showForms{})
}

// loadDetail loads the request of the URL with everything its page shows
// and its past as far as scope says, in one query; users see only their
// own requests (404 for others').
func (v *VMRequests) loadDetail(c *fiber.Ctx, scope models.DetailScope) (*models.RequestDetail, error) {
	id, err := requestID(c)
	if err != nil {
		return nil, err
	}
	d, err := models.LoadRequestDetail(v.DB.WithContext(c.UserContext()), id, scope)
	if err != nil {
		return nil, err
	}
	if !models.CanView(web.CurrentUser(c), d.Request) {
		return nil, models.ErrNotFound
	}
	return d, nil
}

// renderShow renders the detail page; forms carries a refused decision or
// comment back to its form.
func (v *VMRequests) renderShow(c *fiber.Ctx, status int, d *models.RequestDetail, forms showForms) error {
	r, names := d.Request, d.Names
	u := web.CurrentUser(c)
	history := views.History{Request: r, Entries: make([]views.HistoryEntry, len(d.Updates)), CanRestore: models.CanRestore(u, r)}
	for i, h := range d.Updates {
		history.Entries[i] = views.HistoryEntry{VMHistory: h, By: "system", Compare: compareURL(r.ID, h.Version, r.Version)}
		if h.ChangedByID != nil {
			history.Entries[i].By = names[*h.ChangedByID]
		}
	}
	decidedBy := "system" // a policy's approval
	if r.DecidedByID != nil {
		decidedBy = names[*r.DecidedByID]
	}
	current := r.Snapshot()
	return v.Render(c, status, "detalles_vm", i18n.M("request.show_title", "Name", r.VMName), fiber.Map{
		"Request":    r,
		"Current":    current.Fields(),
		"Original":   d.Original.Fields(),
		"History":    history,
		"Names":      names,
		"DecidedBy":  decidedBy,
		"CanEdit":    models.CanEdit(u, r),
		"CanComment": models.CanComment(u, r),
		"Compare":    compareURL(r.ID, 1, r.Version),
		"Decisions":  decisionForms(web.Tr(c), u, r, forms.refused, d.Host != nil),
		"Capacity":   newCapacityView(r, d.Host),
		"Comments":   d.Comments,
		"Comment":    forms.comment,
		"MaxComment": models.MaxCommentLen,
	})
}

// compareURL is the comparison of two versions of request id.
func compareURL(id int64, from, to int) string {
	return fmt.Sprintf("/vms/%d/compare?from=%d&to=%d", id, from, to)
}
