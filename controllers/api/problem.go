package api

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"vmportal/database"
	"vmportal/models"
)

// MIMEProblem is the media type of an error answer (RFC 9457).
const MIMEProblem = "application/problem+json"

// Problem is an error answer (RFC 9457 problem details). Handlers return
// it as an error; ErrorHandler writes it.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail"`
	Errors []FieldProblem `json:"errors,omitempty"`
	// retryAfter is the Retry-After header in seconds (429, 503).
	retryAfter int
}

// FieldProblem is one invalid field of a 422 answer.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the problem's detail, for logs.
func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// problem makes a problem with status and detail; its title is the
// status's standard text.
func problem(status int, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: utils.StatusMessage(status), Status: status, Detail: detail}
}

// invalid is a 422 listing every field error, in the field description's
// order (so a client reads them as a form would show them).
func invalid(fe models.FieldErrors) *Problem {
	p := problem(fiber.StatusUnprocessableEntity, "The request has invalid fields; nothing was saved.")
	for _, m := range fe.Ordered(models.RequestFieldOrder) {
		p.Errors = append(p.Errors, FieldProblem{Field: m.Field, Message: m.Message.String()})
	}
	return p
}

// IsPath reports whether path is the API's (its errors are problems, not
// pages).
func IsPath(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// ErrorHandler writes err as a problem: a *Problem as it is, a *fiber.Error
// (404 for an unknown route, 400 for unreadable text, 413 for a body over
// Fiber's limit) with its code, a missing record as 404, a database outage
// as 503; anything else is a 500 whose details go to the log only.
func ErrorHandler(c *fiber.Ctx, err error, log *slog.Logger) error {
	var p *Problem
	var fe *fiber.Error
	switch {
	case errors.As(err, &p):
	case errors.As(err, &fe):
		detail := fe.Message
		if detail == utils.StatusMessage(fe.Code) || strings.HasPrefix(detail, "Cannot ") {
			detail = genericDetail(fe.Code)
		}
		p = problem(fe.Code, detail)
	case errors.Is(err, models.ErrNotFound):
		p = notFound()
	case database.IsUnavailable(err):
		p = problem(fiber.StatusServiceUnavailable, "The portal cannot reach its database right now; try again shortly.")
		p.retryAfter = 5
	default:
		p = problem(fiber.StatusInternalServerError, "The portal could not complete the request. The error has been logged.")
	}
	switch {
	case p.Status >= 500:
		log.Error("api request failed", "method", c.Method(), "path", c.Path(), "status", p.Status, "err", err)
	case p.Status != fiber.StatusNotFound:
		log.Info("api request refused", "method", c.Method(), "path", c.Path(), "status", p.Status, "err", err)
	}
	if p.retryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, itoa(p.retryAfter))
	}
	if p.Status == fiber.StatusUnauthorized {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="VM Portal API"`)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Status(p.Status)
	if err := c.JSON(p); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, MIMEProblem)
	return nil
}

// genericDetail words a status that came without a message of ours.
func genericDetail(status int) string {
	switch status {
	case fiber.StatusNotFound:
		return notFound().Detail
	case fiber.StatusMethodNotAllowed:
		return "This address does not accept that method."
	case fiber.StatusRequestEntityTooLarge:
		return tooLarge().Detail
	}
	return "The request could not be completed."
}

func notFound() *Problem {
	return problem(fiber.StatusNotFound, "There is no such resource, or it is not yours to see.")
}
