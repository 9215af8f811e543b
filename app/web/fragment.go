package web

import (
	"html/template"
	"sync"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
)

// Fragments keeps the rendered output of partials whose input changes
// far less often than they are viewed, such as the dashboard's chart: 72
// bars of catalog text and coordinates that change only when a request is
// created or changes status. It holds one entry per partial and language,
// the output for the latest input, so its size does not grow with use.
// The zero value is ready to use; it is safe for concurrent use.
type Fragments struct {
	mu      sync.RWMutex
	entries map[fragmentKey]fragment
}

type fragmentKey struct{ name, lang string }

type fragment struct {
	input string // the key of the input it was rendered from
	html  template.HTML
}

// Render returns the partial name rendered in the request's language with
// the data build makes. input identifies that data: while it is the same
// as last time, the stored output is returned and build is not called.
// In development mode (templates reloaded on every request) nothing is
// kept, so an edited partial shows at once.
func (f *Fragments) Render(c *fiber.Ctx, name, input string, build func(tr *i18n.Translator) any) (template.HTML, error) {
	tr := Tr(c)
	key := fragmentKey{name, tr.Lang()}
	f.mu.RLock()
	e, ok := f.entries[key]
	f.mu.RUnlock()
	if ok && e.input == input {
		return e.html, nil
	}
	set, reloads, err := templates(c)
	if err != nil {
		return "", err
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := execute(set, name, buf, build(tr)); err != nil {
		return "", err
	}
	// The template escaped what it wrote: the output is safe as it is.
	html := template.HTML(buf.String())
	if !reloads {
		f.mu.Lock()
		if f.entries == nil {
			f.entries = map[fragmentKey]fragment{}
		}
		f.entries[key] = fragment{input, html}
		f.mu.Unlock()
	}
	return html, nil
}
