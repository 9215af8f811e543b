package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

// Audit answers a page of the audit trail, newest first, filtered by user
// (the actor's username), action and a date range from … to (days,
// YYYY-MM-DD, both included). Admin scope, and an admin user.
func (a *API) Audit(c *fiber.Ctx) error {
	before, limit, err := page(c)
	if err != nil {
		return err
	}
	f := models.AuditFilter{User: c.Query("user"), Action: c.Query("action")}
	if f.Action != "" && !models.IsAuditAction(f.Action) {
		return problem(fiber.StatusBadRequest, "action must be one of "+joinList(models.AuditActions)+".")
	}
	if f.From, err = day(c, "from"); err != nil {
		return err
	}
	if f.To, err = day(c, "to"); err != nil {
		return err
	}
	entries, more, err := models.AuditBefore(a.db(c), f, before, limit)
	if err != nil {
		return err
	}
	items := make([]fiber.Map, len(entries))
	var last int64
	for i, e := range entries {
		items[i], last = auditJSON(&e), e.ID
	}
	return c.JSON(pageJSON(items, more, last))
}

// day reads the date query parameter name ("" for none).
func day(c *fiber.Ctx, name string) (time.Time, error) {
	s := c.Query(name)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(models.DateLayout, s)
	if err != nil {
		return time.Time{}, problem(fiber.StatusBadRequest, name+" must be a date as YYYY-MM-DD.")
	}
	return d, nil
}

// auditJSON is an audit entry as the API shows it.
func auditJSON(e *models.AuditEntry) fiber.Map {
	return fiber.Map{
		"id": e.ID, "occurred_at": e.OccurredAt.UTC().Format(timeLayout), "actor": e.ActorUsername,
		"actor_id": e.ActorID, "action": e.Action, "object_type": e.ObjectType, "object_id": e.ObjectID,
		"details": e.Details, "client_ip": e.ClientIP, "user_agent": e.UserAgent,
	}
}
