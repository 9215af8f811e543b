package web

import (
	"fmt"
	"io"

	"github.com/gofiber/template/html/v2"

	"vmportal/i18n"
)

// Views are the parsed templates, one set per language. Each set's
// functions ({{t "id"}}, dates, labels) are bound to its language, so a
// page or partial translates without being handed the language: picking
// the set is the only per-request step. Two parses at start-up cost
// nothing next to cloning a set per request.
type Views struct {
	byLang map[string]*html.Engine
}

// NewViews builds the engine of every language with newEngine.
func NewViews(newEngine func(tr *i18n.Translator) *html.Engine) *Views {
	v := &Views{byLang: map[string]*html.Engine{}}
	for _, l := range i18n.Languages {
		v.byLang[l.Tag] = newEngine(i18n.For(l.Tag))
	}
	return v
}

// Load parses every language's templates (fiber.Views).
func (v *Views) Load() error {
	for lang, e := range v.byLang {
		if err := e.Load(); err != nil {
			return fmt.Errorf("templates (%s): %w", lang, err)
		}
	}
	return nil
}

// Render renders with the English set (fiber.Views; pages go through
// RenderPage, which picks the visitor's language).
func (v *Views) Render(w io.Writer, name string, binding any, layout ...string) error {
	return v.engine(i18n.English).Render(w, name, binding, layout...)
}

func (v *Views) engine(lang string) *html.Engine {
	if e, ok := v.byLang[lang]; ok {
		return e
	}
	return v.byLang[i18n.English]
}
