package web

import (
	"fmt"
	"html/template"
	"unsafe"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/bytebufferpool"

	"vmportal/i18n"
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
	// Body is the rendered page, for the layout (set by RenderPage).
	Body template.HTML
	// Lang is the page's language (<html lang>), Languages those the
	// picker offers and Here the address it comes back to (set by
	// RenderPage).
	Lang      string
	Languages []i18n.Language
	Here      string
}

// Render writes template page inside the layout with status and title (put
// into the visitor's language). The common data (current user, CSRF token,
// flash messages, current path) is added here, in one place, so a page
// cannot forget it.
func (s *Site) Render(c *fiber.Ctx, status int, page string, title i18n.Message, data fiber.Map) error {
	p := Page{
		Title:   Tr(c).Text(title),
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

// RenderPage executes page, then the layout around it (as .Body), into
// buffers and sends it only when the whole page rendered: a template
// failure becomes an error for the error handler, never half a page with
// the failure's text in it.
//
// The html engine's own Render with a layout holds one engine-wide mutex
// for the whole execution (it swaps the layout's "embed" function on the
// shared template set), which serialised every page of every request;
// executing the parsed templates directly needs no lock (html/template
// is safe for concurrent use).
func RenderPage(c *fiber.Ctx, status int, page string, data Page) error {
	data.Lang, data.Languages = Tr(c).Lang(), i18n.Languages
	if c.Method() == fiber.MethodGet {
		data.Here = string(c.Request().URI().RequestURI())
	}
	set, _, err := templates(c)
	if err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	body := getBuffer()
	defer putBuffer(body)
	if err := execute(set, page, body, data); err != nil {
		return err
	}
	// The page template's own, already escaped output, handed to the
	// layout without copying it: body stays ours until this function
	// returns, and the layout only copies the string into buf.
	data.Body = template.HTML(unsafe.String(unsafe.SliceData(body.B), len(body.B)))
	buf := getBuffer()
	defer putBuffer(buf)
	if err := execute(set, Layout, buf, data); err != nil {
		return err
	}
	c.Status(status).Type("html", "utf-8")
	// SetBody copies: buf goes back to the pool when this returns (Send
	// would keep a reference to it).
	c.Response().SetBody(buf.Bytes())
	return nil
}

// templates returns the parsed template set of the request's language,
// re-read first when the engine reloads on every request (development
// mode, reported as reloads).
func templates(c *fiber.Ctx) (set *template.Template, reloads bool, err error) {
	v, ok := c.App().Config().Views.(*Views)
	if !ok {
		return nil, false, fmt.Errorf("views engine is %T, want *web.Views", c.App().Config().Views)
	}
	e := v.engine(Tr(c).Lang())
	if e.PreRenderCheck() {
		if err := e.Load(); err != nil {
			return nil, false, err
		}
	}
	e.Mutex.RLock()
	defer e.Mutex.RUnlock()
	return e.Templates, e.ShouldReload, nil
}

func execute(set *template.Template, name string, out *bytebufferpool.ByteBuffer, data any) error {
	t := set.Lookup(name)
	if t == nil {
		return fmt.Errorf("web: render %s: no such template", name)
	}
	if err := t.Execute(out, data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
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
