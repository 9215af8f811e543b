package app

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"vmportal/app/web"
	"vmportal/database"
	"vmportal/i18n"
	"vmportal/models"
)

// errorPage is what the error template shows, in the visitor's language.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// errorText is the friendly heading and message of status in tr's
// language: the catalog entries "error.<status>.heading" and ".message";
// a status without them shows its standard name and a general message.
func errorText(tr *i18n.Translator, status int) (heading, message string) {
	id := fmt.Sprintf("error.%d.", status)
	heading, message = tr.T(id+"heading"), tr.T(id+"message")
	if heading == id+"heading" {
		return utils.StatusMessage(status), tr.T("error.generic_message")
	}
	return heading, message
}

// errorHandler turns every error a handler returns into a page: the status
// comes from a *fiber.Error, a database outage (503) or a missing record
// (404); anything else is a 500 whose details go to the log, never to the
// visitor. On a database outage it calls dropConnections: the pools' idle
// connections died with the line and would each fail one more request once
// the database is back, so they are dropped at once and the first request
// after the outage already gets a fresh connection.
func errorHandler(log *slog.Logger, dropConnections func()) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		tr := web.Tr(c)
		page := errorPage{Status: fiber.StatusInternalServerError}
		var fe *fiber.Error
		var pe *web.PageError
		switch {
		case errors.As(err, &pe):
			page.Status, page.Message = pe.Code, tr.Text(pe.Message)
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
		heading, message := errorText(tr, page.Status)
		page.Heading = heading
		if page.Message == "" {
			page.Message = message
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
