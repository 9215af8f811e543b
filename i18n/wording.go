package i18n

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n/template"
)

// wordings parses the catalogs' wordings for go-i18n (the TemplateParser
// of every Localize). A wording whose only actions are values, {{.Name}},
// as every wording in the catalogs is, is split once into its text and
// the names of its values, and filled in by joining them; any other
// wording goes to text/template, go-i18n's own parser. Executing a
// text/template per message (reflection, a buffer per call) was a
// twentieth of the detail page's CPU.
var wordings template.Parser = wordingParser{}

// textTemplates is go-i18n's default parser.
var textTemplates = &template.TextParser{}

// valueAction matches {{.Name}}, spaces allowed inside the braces.
var valueAction = regexp.MustCompile(`\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

type wordingParser struct{}

// Cacheable lets go-i18n keep each message's parsed wording.
func (wordingParser) Cacheable() bool { return true }

// Parse splits src into text and values, or hands it to text/template
// when it has other actions or other delimiters.
func (wordingParser) Parse(src, left, right string) (template.ParsedTemplate, error) {
	if (left != "" && left != "{{") || (right != "" && right != "}}") {
		return textTemplates.Parse(src, left, right)
	}
	w := &splitWording{src: src}
	last := 0
	for _, m := range valueAction.FindAllStringSubmatchIndex(src, -1) {
		w.text = append(w.text, src[last:m[0]])
		w.names = append(w.names, src[m[2]:m[3]])
		last = m[1]
	}
	w.text = append(w.text, src[last:])
	for _, t := range w.text {
		if strings.Contains(t, "{{") {
			return textTemplates.Parse(src, left, right) // an action other than a value
		}
	}
	return w, nil
}

// splitWording is a wording as text around named values: text[i] comes
// before names[i], and the last text after every value.
type splitWording struct {
	text  []string
	names []string
	// src parsed by text/template, once a value this one does not print
	// itself asks for it: the catalogs fill in strings and whole numbers,
	// so most wordings never keep a second parse.
	src      string
	slowOnce sync.Once
	slow     template.ParsedTemplate
	slowErr  error
}

// slowly fills data in through text/template.
func (w *splitWording) slowly(data any) (string, error) {
	w.slowOnce.Do(func() { w.slow, w.slowErr = textTemplates.Parse(w.src, "", "") })
	if w.slowErr != nil {
		return "", w.slowErr
	}
	return w.slow.Execute(data)
}

// Execute fills in data's values. Strings and whole numbers are written
// as they are, which is what text/template prints for them; a missing
// value or one of another type gets text/template's answer.
func (w *splitWording) Execute(data any) (string, error) {
	if len(w.names) == 0 {
		return w.text[0], nil
	}
	values, _ := data.(map[string]any)
	var b strings.Builder
	for i, name := range w.names {
		b.WriteString(w.text[i])
		switch v := values[name].(type) {
		case string:
			b.WriteString(v)
		case int:
			b.WriteString(strconv.Itoa(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		default:
			return w.slowly(data)
		}
	}
	b.WriteString(w.text[len(w.names)])
	return b.String(), nil
}
