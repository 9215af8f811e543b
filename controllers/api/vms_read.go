package api

import (
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

// ListVMs answers a page of the requests the user may see (admins all,
// users their own), filtered by q (a substring of the VM name) and status.
func (a *API) ListVMs(c *fiber.Ctx) error {
	before, limit, err := page(c)
	if err != nil {
		return err
	}
	f := models.RequestFilter{Search: c.Query("q"), Status: c.Query("status")}
	if f.Status != "" && !slices.Contains(models.Statuses, f.Status) {
		return problem(fiber.StatusBadRequest, "status must be one of "+joinList(models.Statuses)+".")
	}
	if u := user(c); !u.IsAdmin() {
		f.OwnerID = u.ID
	}
	db := a.db(c)
	rs, more, err := models.RequestsBefore(db, f, before, limit)
	if err != nil {
		return err
	}
	names, err := models.Usernames(db, peopleOf(rs...))
	if err != nil {
		return err
	}
	items := make([]map[string]any, len(rs))
	var last int64
	for i, r := range rs {
		items[i], last = requestJSON(r, names), r.ID
	}
	return c.JSON(pageJSON(items, more, last))
}

// ShowVM answers one request with its version as the ETag.
func (a *API) ShowVM(c *fiber.Ctx) error {
	r, err := a.loadVisible(c)
	if err != nil {
		return err
	}
	return a.sendRequest(c, fiber.StatusOK, r)
}

// History answers a request's history, original submission first: the
// "created" entry holds the request as submitted; each "updated" entry
// the state it replaced (at its version) and what changed, old → new.
func (a *API) History(c *fiber.Ctx) error {
	r, err := a.loadVisible(c)
	if err != nil {
		return err
	}
	db := a.db(c)
	hs, err := models.RequestHistory(db, r.ID)
	if err != nil {
		return err
	}
	var ids []int64
	for _, h := range hs {
		if h.ChangedByID != nil {
			ids = append(ids, *h.ChangedByID)
		}
	}
	names, err := models.Usernames(db, ids)
	if err != nil {
		return err
	}
	items := make([]fiber.Map, len(hs))
	for i, h := range hs {
		var by any
		if h.ChangedByID != nil {
			by = names[*h.ChangedByID]
		}
		items[i] = fiber.Map{"kind": h.Kind, "version": h.Version, "changed_at": h.ChangedAt.UTC().Format(timeLayout),
			"changed_by": by, "changes": h.Changes, "request": h.Snapshot}
	}
	return c.JSON(fiber.Map{"items": items})
}

// loadVisible loads the request of the {id} parameter if the user may see
// it; another user's request is 404 like a missing one (no leak).
func (a *API) loadVisible(c *fiber.Ctx) (*models.VMRequest, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id < 1 {
		return nil, notFound()
	}
	r, err := models.FindRequest(a.db(c), id)
	if err != nil {
		return nil, err
	}
	if !models.CanView(user(c), r) {
		return nil, notFound()
	}
	return r, nil
}

// sendRequest answers r with status, its version as the ETag.
func (a *API) sendRequest(c *fiber.Ctx, status int, r *models.VMRequest) error {
	names, err := models.Usernames(a.db(c), peopleOf(r))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(r.Version))
	return c.Status(status).JSON(requestJSON(r, names))
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }
