package controllers

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// listQuery is the list page's filter, order and page, as in the URL.
type listQuery struct {
	models.RequestFilter
	Page int
}

// URL returns the list address for page, keeping the filters and order.
func (q listQuery) URL(page int) string {
	v := q.Values()
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return withQuery("/vms", v)
}

// AllURL is the list with the same filters over everyone's requests.
func (q listQuery) AllURL() string {
	q.Mine = false
	return q.URL(1)
}

// CSVURL returns the export address of the list as filtered and sorted
// (the page aside: the export has every matching request).
func (q listQuery) CSVURL() string { return withQuery("/vms.csv", q.Values()) }

// MoreFilters reports whether a filter beyond the name search and status
// is set, so the page shows those filters open.
func (q listQuery) MoreFilters() bool {
	f := q.RequestFilter
	return f.Requestor != "" || f.VirtualHost != "" || f.PhysicalLocation != "" || f.OperatingSystem != "" ||
		!f.From.IsZero() || !f.To.IsZero()
}

// withQuery is path with v as its query string, if any.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// listFilter reads the list's filters and order from the URL with
// models.ParseRequestFilter (bad values are ignored) and narrows them to
// what the current user may see: a user's own requests, an admin's all or,
// with mine=1, their own. The list page and the CSV export both read it,
// so a filter added to RequestFilter applies to both.
func listFilter(c *fiber.Ctx) models.RequestFilter {
	args := c.Request().URI().QueryArgs()
	values := make(url.Values, args.Len())
	args.VisitAll(func(k, val []byte) { values.Add(string(k), string(val)) })
	f := models.ParseRequestFilter(values)
	if u := web.CurrentUser(c); !u.IsAdmin() || f.Mine {
		f.OwnerID = u.ID
	}
	return f
}

// Index lists requests, 25 a page: a user's own, an admin's all (or only
// their own with mine=1); newest first or sorted by a column, and filtered
// by name, status, requestor, host, location, system and date, all from
// the URL (see listFilter).
func (v *VMRequests) Index(c *fiber.Ctx) error {
	q := listQuery{RequestFilter: listFilter(c)}
	q.Page, _ = strconv.Atoi(c.Query("page"))
	q.Page = max(q.Page, 1)
	db := v.DB.WithContext(c.UserContext())
	page, err := models.ListRequests(db, q.RequestFilter, q.Page)
	if err != nil {
		return err
	}
	suggestions, err := v.suggestions(c)
	if err != nil {
		return err
	}
	return v.Render(c, fiber.StatusOK, "lista_vms", i18n.M("list.title"), fiber.Map{
		"Query": q, "List": page, "Statuses": models.Statuses, "Suggestions": suggestions,
	})
}

// Export streams the requests the list shows (same filters, same order,
// same permissions, every page) as CSV: the field labels as header, one
// request a line, read from the database in batches so memory stays flat
// however many there are.
func (v *VMRequests) Export(c *fiber.Ctx) error {
	filter := listFilter(c)
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
