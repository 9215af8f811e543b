package app

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"vmportal/app/web"
	"vmportal/controllers/api"
	"vmportal/database"
	"vmportal/models"
)

// errorPage is what the error template shows.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// errorTexts are the friendly words for each status the portal answers with.
var errorTexts = map[int]errorPage{
	fiber.StatusBadRequest:            {Heading: "Bad request", Message: "The request could not be understood."},
	fiber.StatusForbidden:             {Heading: "Access denied", Message: "You do not have permission to do this."},
	fiber.StatusNotFound:              {Heading: "Page not found", Message: "The page you asked for does not exist or is no longer here."},
	fiber.StatusMethodNotAllowed:      {Heading: "Not allowed", Message: "This address does not accept that kind of request."},
	fiber.StatusConflict:              {Heading: "Conflict", Message: "Someone else changed this in the meantime."},
	fiber.StatusRequestEntityTooLarge: {Heading: "Too large", Message: "What you sent is larger than the portal accepts."},
	fiber.StatusInternalServerError:   {Heading: "Something went wrong", Message: "The portal could not complete your request. The error has been logged; please try again."},
	fiber.StatusServiceUnavailable:    {Heading: "Service unavailable", Message: "The portal cannot reach its database right now. Please try again in a moment."},
}

// errorHandler turns every error a handler returns into a page (under
// /api, into a problem: api.ErrorHandler): the status
// comes from a *fiber.Error, a database outage (503) or a missing record
// (404); anything else is a 500 whose details go to the log, never to the
// visitor. On a database outage it calls dropConnections: the pools' idle
// connections died with the line and would each fail one more request once
// the database is back, so they are dropped at once and the first request
// after the outage already gets a fresh connection.
func errorHandler(log *slog.Logger, dropConnections func()) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		if api.IsPath(c.Path()) {
			if database.IsUnavailable(err) {
				dropConnections()
			}
			return api.ErrorHandler(c, err, log)
		}
		page := errorPage{Status: fiber.StatusInternalServerError}
		var fe *fiber.Error
		switch {
		case errors.As(err, &fe):
			page.Status = fe.Code
			// Show our own messages; Fiber's stock ones ("Cannot GET /x"
			// for unrouted paths) give way to the friendly text.
			if fe.Message != utils.StatusMessage(fe.Code) && !strings.HasPrefix(fe.Message, "Cannot ") {
				page.Message = fe.Message
			}
		case database.IsUnavailable(err):
			page.Status = fiber.StatusServiceUnavailable
			dropConnections()
		case errors.Is(err, models.ErrNotFound):
			page.Status = fiber.StatusNotFound
		}
		text, ok := errorTexts[page.Status]
		if !ok {
			text = errorPage{Heading: utils.StatusMessage(page.Status), Message: "The request could not be completed."}
		}
		page.Heading = text.Heading
		if page.Message == "" {
			page.Message = text.Message
		}

		switch {
		case page.Status >= 500:
			log.Error("request failed", "method", c.Method(), "path", c.Path(), "status", page.Status, "err", err)
		case page.Status != fiber.StatusNotFound:
			log.Info("request refused", "method", c.Method(), "path", c.Path(), "status", page.Status, "err", err)
		}
		if page.Status == fiber.StatusServiceUnavailable {
			c.Set(fiber.HeaderRetryAfter, "5")
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		if rerr := web.RenderPage(c, page.Status, "errors/error", web.Page{
			Title:       page.Heading,
			CurrentUser: currentUserOrNil(c),
			CSRF:        web.CSRFToken(c),
			Data:        fiber.Map{"Error": page},
		}); rerr != nil {
			log.Error("rendering the error page failed", "err", rerr)
			c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
			return c.Status(page.Status).SendString(page.Heading + ": " + page.Message)
		}
		return nil
	}
}

// currentUserOrNil keeps a typed nil out of the template data, so
// {{if .CurrentUser}} is false for anonymous visitors.
func currentUserOrNil(c *fiber.Ctx) any {
	if u := web.CurrentUser(c); u != nil {
		return u
	}
	return nil
}
