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
)

// listQuery is the list page's search, filter and page, as in the URL.
type listQuery struct {
	Search string
	Status string
	Page   int
}

// URL returns the list address for page, keeping the search and filter.
func (q listQuery) URL(page int) string {
	v := url.Values{}
	if q.Search != "" {
		v.Set("q", q.Search)
	}
	if q.Status != "" {
		v.Set("status", q.Status)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/vms"
	}
	return "/vms?" + v.Encode()
}

// Index lists requests, newest first, 25 a page: a user's own, an admin's
// all; searchable by VM name and filterable by status.
func (v *VMRequests) Index(c *fiber.Ctx) error {
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
	page, err := models.ListRequests(v.DB.WithContext(c.UserContext()), filter, q.Page)
	if err != nil {
		return err
	}
	return v.Render(c, fiber.StatusOK, "lista_vms", i18n.M("list.title"), fiber.Map{
		"Query": q, "List": page, "Statuses": models.Statuses,
	})
}
