package controllers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// VMRequests handles the request pages: list, detail, create and edit.
type VMRequests struct {
	*web.Site
	// suggested keeps the forms' suggestions while their version stays
	// the same (see suggestions).
	suggested models.SuggestionCache
}

// suggestions are the values the forms offer: kept while the version the
// session's read reported has not moved, read otherwise.
func (v *VMRequests) suggestions(c *fiber.Ctx) (map[string][]string, error) {
	db := v.DB.WithContext(c.UserContext())
	if version, ok := web.SuggestionsVersion(c); ok {
		return v.suggested.Get(db, version)
	}
	return models.Suggestions(db)
}

// requestInput is the request form as typed: each field's text by key
// (models.RequestFields) and the VLAN rows, kept as strings so invalid
// input can be shown back exactly as entered.
type requestInput struct {
	Text  map[string]string
	VLANs []models.VLANRow
}

// requestForm is what the shared form partial (crear_vm / editar_vm) shows.
type requestForm struct {
	Action      string // where the form posts
	Submit      string // the catalog ID of the submit button's text
	Cancel      string // where "Cancel" goes
	Input       requestInput
	Errors      models.FieldErrors
	Summary     []models.FieldMessage // Errors in form order, for the summary on top
	Version     int                   // the version an edit is based on (optimistic locking)
	Suggestions map[string][]string
	MaxVLANs    int
	MaxVLANID   int
}

// parseRequestForm reads the posted request form as typed, one value per
// described field. VLAN rows come as parallel vlan_id / vlan_name lists,
// in the order of the rows.
func parseRequestForm(c *fiber.Ctx) requestInput {
	in := requestInput{Text: map[string]string{}}
	for _, f := range models.FormFields() {
		in.Text[f.Key] = c.FormValue(f.Key)
	}
	args := c.Request().PostArgs()
	ids, names := args.PeekMulti("vlan_id"), args.PeekMulti("vlan_name")
	for i := 0; i < len(ids) || i < len(names); i++ {
		var row models.VLANRow
		if i < len(ids) {
			row.ID = string(ids[i])
		}
		if i < len(names) {
			row.Name = string(names[i])
		}
		in.VLANs = append(in.VLANs, row)
	}
	return in
}

// applyTo reads the input into r and returns the rules it breaks.
func (in requestInput) applyTo(r *models.VMRequest) models.FieldErrors {
	return models.ReadText(r, in.Text, in.VLANs)
}

// inputFromRequest fills the form from a stored request, for editing.
func inputFromRequest(r *models.VMRequest) requestInput {
	return requestInput{Text: models.FormText(r), VLANs: models.VLANRows(r.VLANs)}
}

// renderForm shows the create or edit page with status (200, 409 or 422).
func (v *VMRequests) renderForm(c *fiber.Ctx, status int, page string, title i18n.Message, form requestForm, extra fiber.Map) error {
	suggestions, err := v.suggestions(c)
	if err != nil {
		return err
	}
	form.Suggestions = suggestions
	form.MaxVLANs, form.MaxVLANID = models.MaxVLANs, models.MaxVLANID
	if form.Errors == nil {
		form.Errors = models.FieldErrors{}
	}
	form.Summary = form.Errors.Ordered(models.RequestFieldOrder)
	data := fiber.Map{"Form": form}
	for k, val := range extra {
		data[k] = val
	}
	return v.Render(c, status, page, title, data)
}

// requestID reads the :id parameter; anything but a positive integer is a
// 404, never a 500.
func requestID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// loadVisible loads the request of the :id parameter if the current user
// may see it. Another user's request answers 404, like a missing one, so
// its existence does not leak.
func (v *VMRequests) loadVisible(c *fiber.Ctx) (*models.VMRequest, error) {
	id, err := requestID(c)
	if err != nil {
		return nil, err
	}
	r, err := models.FindRequest(v.DB.WithContext(c.UserContext()), id)
	if err != nil {
		return nil, err
	}
	if !models.CanView(web.CurrentUser(c), r) {
		return nil, models.ErrNotFound
	}
	return r, nil
}
