package controllers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
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
	if len(v) == 0 {
		return "/vms"
	}
	return "/vms?" + v.Encode()
}

// AllURL is the list with the same filters over everyone's requests.
func (q listQuery) AllURL() string {
	q.Mine = false
	return q.URL(1)
}

// MoreFilters reports whether a filter beyond the name search and status
// is set, so the page shows those filters open.
func (q listQuery) MoreFilters() bool {
	f := q.RequestFilter
	return f.Requestor != "" || f.VirtualHost != "" || f.PhysicalLocation != "" || f.OperatingSystem != "" ||
		!f.From.IsZero() || !f.To.IsZero()
}

// Index lists requests, 25 a page: a user's own, an admin's all (or only
// their own with mine=1); newest first or sorted by a column, and filtered
// by name, status, requestor, host, location, system and date, all from
// the URL (models.ParseRequestFilter: bad values are ignored).
func (v *VMRequests) Index(c *fiber.Ctx) error {
	args := c.Request().URI().QueryArgs()
	values := make(map[string][]string, args.Len())
	args.VisitAll(func(k, val []byte) { values[string(k)] = append(values[string(k)], string(val)) })
	q := listQuery{RequestFilter: models.ParseRequestFilter(values)}
	q.Page, _ = strconv.Atoi(c.Query("page"))
	q.Page = max(q.Page, 1)
	if u := web.CurrentUser(c); !u.IsAdmin() || q.Mine {
		q.OwnerID = u.ID
	}
	db := v.DB.WithContext(c.UserContext())
	page, err := models.ListRequests(db, q.RequestFilter, q.Page)
	if err != nil {
		return err
	}
	suggestions, err := models.Suggestions(db)
	if err != nil {
		return err
	}
	return v.Render(c, fiber.StatusOK, "lista_vms", i18n.M("list.title"), fiber.Map{
		"Query": q, "List": page, "Statuses": models.Statuses, "Suggestions": suggestions,
	})
}
