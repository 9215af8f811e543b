package controllers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// listQuery is the list page's search, filter and page, as in the URL.
type listQuery struct {
	Search string
	Status string
	Page   int
}

// filters are the search and filter as URL parameters.
func (q listQuery) filters() url.Values {
	v := url.Values{}
	if q.Search != "" {
		v.Set("q", q.Search)
	}
	if q.Status != "" {
		v.Set("status", q.Status)
	}
	return v
}

// URL returns the list address for page, keeping the search and filter.
func (q listQuery) URL(page int) string {
	v := q.filters()
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return withQuery("/vms", v)
}

// CSVURL returns the export address of the list as filtered (the page
// aside: the export has every matching request).
func (q listQuery) CSVURL() string { return withQuery("/vms.csv", q.filters()) }

// withQuery is path with v as its query string, if any.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// parseListQuery reads the list's search, filter and page from the URL
// and turns them into the model's filter: a user's own requests, an
// admin's all. The list page and the CSV export both read it, so a filter
// added here applies to both.
func parseListQuery(c *fiber.Ctx) (listQuery, models.RequestFilter) {
	q := listQuery{Search: strings.TrimSpace(c.Query("q")), Status: c.Query("status")}
	if len(q.Search) > 63 {
		q.Search = q.Search[:63] // no VM name is longer
	}
	q.Page, _ = strconv.Atoi(c.Query("page"))
	if q.Page < 1 {
		q.Page = 1
	}
	if !slices.Contains(models.Statuses, q.Status) {
		q.Status = "" // unknown or empty: any status
	}
	filter := models.RequestFilter{Search: q.Search, Status: q.Status}
	if u := web.CurrentUser(c); !u.IsAdmin() {
		filter.OwnerID = u.ID
	}
	return q, filter
}

// Index lists requests, newest first, 25 a page: a user's own, an admin's
// all; searchable by VM name and filterable by status.
func (v *VMRequests) Index(c *fiber.Ctx) error {
	q, filter := parseListQuery(c)
	page, err := models.ListRequests(v.DB.WithContext(c.UserContext()), filter, q.Page)
	if err != nil {
		return err
	}
	return v.Render(c, fiber.StatusOK, "lista_vms", i18n.M("list.title"), fiber.Map{
		"Query": q, "List": page, "Statuses": models.Statuses,
	})
}

// Export streams the requests the list shows (same filters, same
// permissions, every page) as CSV: the field labels as header, one request
// a line, newest first, read from the database in batches so memory stays
// flat however many there are.
func (v *VMRequests) Export(c *fiber.Ctx) error {
	_, filter := parseListQuery(c)
	db := v.DB.WithContext(c.UserContext())
	return v.StreamCSV(c, "vm-requests", func(w *views.CSVWriter) error {
		if err := w.Write(views.RequestCSVHeader()); err != nil {
			return err
		}
		return models.EachRequest(db, filter, func(r *models.ExportRow) error {
			return w.Write(views.RequestCSVRecord(r))
		})
	})
}
