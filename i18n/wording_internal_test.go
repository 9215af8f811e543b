package i18n

import (
	"testing"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Every wording of every catalog is split into text and values, and is
// filled in exactly as text/template fills it: strings (markup included),
// whole numbers, values of other types, missing values, no values.
func TestWordingsFillInLikeTextTemplate(t *testing.T) {
	for _, l := range Languages {
		b := goi18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		f, err := b.LoadMessageFileFS(locales, CatalogPath(l.Tag))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range f.Messages {
			fast, err := wordings.Parse(m.Other, "", "")
			if err != nil {
				t.Fatalf("%s %s: %v", l.Tag, m.ID, err)
			}
			if _, split := fast.(*splitWording); !split {
				t.Errorf("%s %s: wording not split into text and values: %q", l.Tag, m.ID, m.Other)
				continue
			}
			slow, err := textTemplates.Parse(m.Other, "", "")
			if err != nil {
				t.Fatal(err)
			}
			for _, data := range wordingSamples(m.Other) {
				got, gerr := fast.Execute(data)
				want, werr := slow.Execute(data)
				if got != want || (gerr == nil) != (werr == nil) {
					t.Errorf("%s %s with %v = %q (%v), text/template gives %q (%v)", l.Tag, m.ID, data, got, gerr, want, werr)
				}
			}
		}
	}
}

// wordingSamples are the data a wording is checked with: each of its
// values a string with markup, an int, an int64, alternately a string
// and a number, a float (text/template's own printing), and none.
func wordingSamples(src string) []any {
	names := valueAction.FindAllStringSubmatch(src, -1)
	fill := func(value func(i int) any) map[string]any {
		data := map[string]any{}
		for i, n := range names {
			data[n[1]] = value(i)
		}
		return data
	}
	return []any{
		fill(func(int) any { return `<b>"Tom" & 'Jerry'</b>` }),
		fill(func(int) any { return 42 }),
		fill(func(int) any { return int64(-7) }),
		fill(func(i int) any {
			if i%2 == 0 {
				return "web-01"
			}
			return 1234567
		}),
		fill(func(int) any { return 1.5 }),
		map[string]any{},
		nil,
	}
}

// Wordings with actions other than values, or other delimiters, are left
// to text/template.
func TestWordingsWithOtherActionsUseTextTemplate(t *testing.T) {
	for _, c := range []struct{ src, left, right string }{
		{"{{if .On}}on{{else}}off{{end}}", "", ""},
		{"{{- .Name}} trimmed", "", ""},
		{"{{.User.Name}}", "", ""},
		{"[[.Name]]", "[[", "]]"},
	} {
		p, err := wordings.Parse(c.src, c.left, c.right)
		if err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		if _, split := p.(*splitWording); split {
			t.Errorf("%q was split; it needs text/template", c.src)
		}
	}
	if _, err := wordings.Parse("{{.Name", "", ""); err == nil {
		t.Error("a broken wording parsed")
	}
}

// The translator fills values in through the split wordings.
func TestTranslatorFillsInValues(t *testing.T) {
	if got, want := For(Spanish).T("request.version_step", "From", 1, "To", 2), "(versión 1 → 2)"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
}
