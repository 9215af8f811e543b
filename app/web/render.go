package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/bytebufferpool"
)

// Layout is the template every page is embedded in.
const Layout = "layouts/base"

// Page is the data every template receives: the common fields filled in by
// Render, and Data with what the page itself needs.
type Page struct {
	Title       string
	CurrentUser any // *models.User or nil; any so templates can test it with {{if}}
	CSRF        string
	Flashes     []Flash
	Data        fiber.Map
	// DefaultPasswordWarning asks admins to change the seeded admin's
	// initial password; shown on every page until it is changed.
	DefaultPasswordWarning bool
}

// Render writes template page inside the layout with status and title. The
// common data (current user, CSRF token, flash messages, current path) is
// added here, in one place, so a page cannot forget it.
func (s *Site) Render(c *fiber.Ctx, status int, page, title string, data fiber.Map) error {
	p := Page{
		Title:   title,
		CSRF:    CSRFToken(c),
		Flashes: s.takeFlashes(c),
		Data:    data,
	}
	if u := CurrentUser(c); u != nil {
		p.CurrentUser = u
		p.DefaultPasswordWarning, _ = c.Locals(localPasswordWarning).(bool)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return RenderPage(c, status, page, p)
}

// RenderPage executes page in the layout into a buffer and sends it only
// when the whole page rendered: a template failure becomes an error for the
// error handler, never half a page with the failure's text in it.
func RenderPage(c *fiber.Ctx, status int, page string, data Page) error {
	buf := bytebufferpool.Get()
	defer bytebufferpool.Put(buf)
	if err := c.App().Config().Views.Render(buf, page, data, Layout); err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	c.Status(status).Type("html", "utf-8")
	// SetBody copies: buf goes back to the pool when this returns (Send
	// would keep a reference to it).
	c.Response().SetBody(buf.Bytes())
	return nil
}

// CSRFToken returns the session's CSRF token, to be put in every form as
// the hidden field _csrf.
func CSRFToken(c *fiber.Ctx) string {
	if s, err := sessionOf(c); err == nil {
		return s.values.CSRF
	}
	return ""
}

// Redirect answers 303 See Other, so a browser follows a POST with a GET.
func Redirect(c *fiber.Ctx, to string) error {
	return c.Redirect(to, fiber.StatusSeeOther)
}
