package controllers

import (
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// Audit shows the audit trail to admins and exports it as CSV.
type Audit struct {
	*web.Site
}

// auditQuery is the audit page's filter and page, as in the URL.
type auditQuery struct {
	User, Action, Object, From, To string
	Page                           int
	Errors                         models.FieldErrors
}

// values encodes the filter (not the page) as URL parameters.
func (q auditQuery) values() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"user": q.User, "action": q.Action, "object": q.Object, "from": q.From, "to": q.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// URL returns the audit page address for page, keeping the filter.
func (q auditQuery) URL(page int) string {
	v := q.values()
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/audit"
	}
	return "/audit?" + v.Encode()
}

// CSVURL returns the export address of the filtered view.
func (q auditQuery) CSVURL() string {
	if v := q.values(); len(v) > 0 {
		return "/audit.csv?" + v.Encode()
	}
	return "/audit.csv"
}

// parseAuditQuery reads the filter; a malformed date is reported and
// ignored rather than failing the page.
func parseAuditQuery(c *fiber.Ctx) (auditQuery, models.AuditFilter) {
	q := auditQuery{
		User: strings.TrimSpace(c.Query("user")), Action: c.Query("action"), Object: strings.TrimSpace(c.Query("object")),
		From: c.Query("from"), To: c.Query("to"), Errors: models.FieldErrors{},
	}
	q.Page, _ = strconv.Atoi(c.Query("page"))
	f := models.AuditFilter{User: q.User, Object: q.Object}
	if models.IsAuditAction(q.Action) {
		f.Action = q.Action
	} else {
		q.Action = "" // unknown: no action filter
	}
	for _, d := range []struct {
		field, value string
		into         *time.Time
	}{{"from", q.From, &f.From}, {"to", q.To, &f.To}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(models.DateLayout, d.value)
		if err != nil {
			q.Errors.Add(d.field, i18n.M("validation.date_filter"))
			continue
		}
		*d.into = t
	}
	return q, f
}

// Index shows one page of the filtered trail, newest first.
func (a *Audit) Index(c *fiber.Ctx) error {
	q, f := parseAuditQuery(c)
	page, err := models.ListAudit(a.DB.WithContext(c.UserContext()), f, q.Page)
	if err != nil {
		return err
	}
	return a.Render(c, fiber.StatusOK, "audit", i18n.M("audit.title"), fiber.Map{
		"Query": q, "List": page, "Actions": models.AuditActions,
	})
}

// csvHeader is the first line of the export.
var csvHeader = []string{"id", "time_utc", "user", "action", "object_type", "object_id", "details", "client_ip", "user_agent", "hash"}

// Export streams the filtered trail as CSV, row by row from the database,
// so a large trail is never held in memory.
func (a *Audit) Export(c *fiber.Ctx) error {
	_, f := parseAuditQuery(c)
	db := a.DB.WithContext(c.UserContext())
	return a.StreamCSV(c, "audit", func(w *views.CSVWriter) error {
		if err := w.Write(csvHeader); err != nil {
			return err
		}
		return models.EachAudit(db, f, func(e *models.AuditEntry) error {
			ip := ""
			if e.ClientIP != nil {
				ip = *e.ClientIP
			}
			return w.Write([]string{
				strconv.FormatInt(e.ID, 10), e.OccurredAt.UTC().Format(time.RFC3339), e.ActorUsername, e.Action,
				e.ObjectType, e.ObjectID, strings.Join(views.AuditDetailLines(i18n.For(i18n.English), *e), "; "), ip, e.UserAgent, hex.EncodeToString(e.Hash),
			})
		})
	})
}
