package views

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// bareTextAllowed are the only words a template may carry outside
// {{…}}: the product's name, which every language keeps. Anything else a
// person reads comes from the catalogs ({{t "id"}}).
var bareTextAllowed = []string{"VM Portal"}

// Attributes a person reads (or hears from a screen reader) as text.
var readAttribute = regexp.MustCompile(`\s(aria-label|title|placeholder|alt|data-confirm|data-confirm-button|data-msg-[a-z-]+)="([^"]*)"`)

var (
	action = regexp.MustCompile(`(?s){{.*?}}`)
	word   = regexp.MustCompile(`\p{L}{2,}`)
)

// Every template is scanned for bare words in its text and its readable
// attributes; a failure names file:line and the words, so converting a
// page means fixing the lines this test prints.
func TestTemplatesHaveNoBareText(t *testing.T) {
	err := fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		src, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		for _, b := range bareText(string(src)) {
			t.Errorf("%s:%d: bare text %q: put it in i18n/locales/*.toml and write {{t \"id\"}}", "views/"+path, b.line, b.text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// bare is text found outside template actions, with its line.
type bare struct {
	line int
	text string
}

// bareText finds the words of src outside {{…}} actions, in text between
// tags and in readable attributes. Actions are blanked out first (their
// newlines kept), so offsets still give the right line.
func bareText(src string) []bare {
	blank := action.ReplaceAllStringFunc(src, func(a string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, a)
	})
	var out []bare
	report := func(at int, text string) {
		for _, ok := range bareTextAllowed {
			text = strings.ReplaceAll(text, ok, "")
		}
		if word.MatchString(text) {
			out = append(out, bare{line: 1 + strings.Count(blank[:at], "\n"), text: strings.TrimSpace(text)})
		}
	}
	for i := 0; i < len(blank); {
		open := strings.IndexByte(blank[i:], '<')
		if open < 0 {
			report(i, blank[i:])
			break
		}
		report(i, blank[i:i+open])
		end := strings.IndexByte(blank[i+open:], '>')
		if end < 0 {
			break
		}
		tag := blank[i+open : i+open+end+1]
		for _, m := range readAttribute.FindAllStringSubmatchIndex(tag, -1) {
			report(i+open+m[4], tag[m[4]:m[5]])
		}
		i += open + end + 1
	}
	return out
}

// The scanner itself: it finds what it should and nothing else.
func TestBareTextScanner(t *testing.T) {
	src := "<p>{{t \"a\"}}</p>\n<footer>VM Portal</footer>\n<h1>Hello {{.Name}}</h1>\n" +
		"<a aria-label=\"{{t \"x\"}}\" title=\"Open it\">—</a>\n{{/* a comment\n with words */}}<b>#{{.ID}} · 3+</b>\n<!DOCTYPE html>"
	got := bareText(src)
	if len(got) != 2 || got[0].line != 3 || got[0].text != "Hello" || got[1].line != 4 || got[1].text != "Open it" {
		t.Errorf("found %+v, want Hello on line 3 and Open it on line 4", got)
	}
}
