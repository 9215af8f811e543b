package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
)

// PageError is a refusal with its own message for the error page, like a
// *fiber.Error but put into the visitor's language when shown.
type PageError struct {
	Code    int
	Message i18n.Message
}

// Refuse answers the request with status code and msg on the error page.
func Refuse(code int, msg i18n.Message) error { return &PageError{Code: code, Message: msg} }

// Error is the refusal in English, for the log.
func (e *PageError) Error() string { return fmt.Sprintf("%d: %s", e.Code, e.Message) }

// Unwrap is the refusal as a *fiber.Error (in English), so code that only
// knows Fiber's errors, Fiber's default error handler included, still
// finds its status.
func (e *PageError) Unwrap() error { return fiber.NewError(e.Code, e.Message.String()) }
