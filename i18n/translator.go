package i18n

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Translator puts texts, dates and numbers into one language. It is safe
// for concurrent use; For returns one shared Translator per language.
type Translator struct {
	lang    string
	loc     *goi18n.Localizer
	numbers *message.Printer
	// Go time layouts from the catalog (format.date, format.datetime), so
	// that a language's date order lives with its words.
	date, datetime string
	// fixed holds the text of every message that fills in no values,
	// worked out once: a page asks for hundreds of them, and go-i18n's
	// Localize (language matching, template execution) costs microseconds
	// each.
	fixed map[string]string
	// asciiDigits: the language writes 0–9 as ASCII (see Number).
	asciiDigits bool
}

var translators sync.Map // language tag → *Translator

// For returns the Translator of lang; an unsupported tag gets English.
func For(lang string) *Translator {
	if !Supported(lang) {
		lang = English
	}
	if t, ok := translators.Load(lang); ok {
		return t.(*Translator)
	}
	t := &Translator{
		lang: lang,
		// English after lang: an ID missing in lang still reads in
		// English rather than as its ID (the catalog test forbids it).
		loc:     goi18n.NewLocalizer(bundle, lang, English),
		numbers: message.NewPrinter(language.MustParse(lang)),
	}
	t.fixed = make(map[string]string, len(catalogIDs))
	for id := range catalogIDs {
		if s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateParser: wordings}); err == nil && !strings.Contains(s, "<no value>") {
			t.fixed[id] = s
		}
	}
	t.date, t.datetime = t.T("format.date"), t.T("format.datetime")
	t.asciiDigits = t.numbers.Sprint(987) == "987"
	actual, _ := translators.LoadOrStore(lang, t)
	return actual.(*Translator)
}

// Lang is the translator's language tag, as <html lang> wants it.
func (t *Translator) Lang() string { return t.lang }

// T is the text of message id with name/value pairs filled in. An unknown
// id comes back as itself, so a missing entry shows and is found.
func (t *Translator) T(id string, pairs ...any) string {
	return t.Text(M(id, pairs...))
}

// Fixed is the text of message id when it fills in no values, and false
// for an unknown id or one that needs values.
func (t *Translator) Fixed(id string) (string, bool) {
	s, ok := t.fixed[id]
	return s, ok
}

// Text is m in the translator's language; its Message and OrList values
// are put into the same language first.
func (t *Translator) Text(m Message) string {
	if m.ID == "" {
		return ""
	}
	if len(m.Args) == 0 {
		if s, ok := t.fixed[m.ID]; ok {
			return s
		}
		if !catalogIDs[m.ID] {
			return m.ID
		}
	}
	var data map[string]any
	if len(m.Args) > 0 {
		data = make(map[string]any, len(m.Args))
		for k, v := range m.Args {
			switch x := v.(type) {
			case Message:
				data[k] = t.Text(x)
			case OrList:
				data[k] = x.render(t)
			default:
				data[k] = v
			}
		}
	}
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: m.ID, TemplateData: data, TemplateParser: wordings})
	if err != nil {
		return m.ID
	}
	return s
}

// HTML is like T for a catalog entry that holds markup (its ID ends in
// "_html"): the catalog is part of the program, never user input, and
// values filled in are escaped.
func (t *Translator) HTML(id string, pairs ...any) template.HTML {
	for i := 1; i < len(pairs); i += 2 {
		if s, ok := pairs[i].(string); ok {
			pairs[i] = template.HTMLEscapeString(s)
		}
	}
	return template.HTML(t.T(id, pairs...)) // #nosec G203 -- catalog markup, escaped values
}

// Value is the shown word for a stored value (a status, "Yes", a backup
// frequency): the catalog entry prefix+value, or the value itself when
// the catalog has none (a value typed by a person).
func (t *Translator) Value(prefix, value string) string {
	if value == "" {
		return ""
	}
	if s := t.T(prefix + value); s != prefix+value {
		return s
	}
	return value
}

// Date shows a calendar date the language's way; zero is "".
func (t *Translator) Date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(t.date)
}

// DateTime shows a moment in UTC, to the minute, the language's way;
// nil and zero are "—".
func (t *Translator) DateTime(v any) string {
	var tm time.Time
	switch x := v.(type) {
	case time.Time:
		tm = x
	case *time.Time:
		if x != nil {
			tm = *x
		}
	}
	if tm.IsZero() {
		return "—"
	}
	return tm.UTC().Format(t.datetime)
}

// Number shows a whole number with the language's digit grouping.
func (t *Translator) Number(n any) string {
	// Below 1,000 there is nothing to group: in a language that writes
	// ASCII digits (asciiDigits) that is strconv's text, without the
	// printer's formatting machinery (a list page shows hundreds).
	if i, ok := n.(int); ok && i >= 0 && i < 1000 && t.asciiDigits {
		return strconv.Itoa(i)
	}
	return t.numbers.Sprint(n)
}
