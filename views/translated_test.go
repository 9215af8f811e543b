package views

import (
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"vmportal/i18n"
)

// sample uses t and tHTML in every context translate meets: text, a
// plain attribute, a URL attribute, a script, with values, with an
// unknown id, and markup inside a tag.
const sample = `<p>{{t "list.view.requestor_hint"}}</p>` +
	`<a href="/vms?q={{t "common.search"}}">{{t "common.search"}}</a>` +
	`<input aria-label="{{t "list.view.requestor_hint"}}">` +
	`<p>{{t "list.view.caption" "Page" 2}} {{t "no.such.id"}}</p>` +
	`<script>var s = {{t "common.search"}};</script>` +
	`<div title="{{tHTML "layout.default_password_html"}}">{{tHTML "layout.default_password_html"}}</div>`

// TestTranslatedTemplatesRenderTheSame: with the fixed texts written in, a
// template renders exactly what it rendered before, in both languages;
// only the actions in text and plain attributes are gone.
func TestTranslatedTemplatesRenderTheSame(t *testing.T) {
	for _, lang := range []string{i18n.English, "es"} {
		tr := i18n.For(lang)
		fsys := Translated(fstest.MapFS{"page.html": {Data: []byte(sample)}, "style.css": {Data: []byte(`{{t "common.search"}}`)}}, tr)
		written, err := fs.ReadFile(fsys, "page.html")
		if err != nil {
			t.Fatal(err)
		}
		if css, _ := fs.ReadFile(fsys, "style.css"); string(css) != `{{t "common.search"}}` {
			t.Errorf("%s: a file that is not a template changed: %s", lang, css)
		}
		if n := strings.Count(string(written), "{{"); n != 5 {
			t.Errorf("%s: %d actions left, want 5 (URL, values, unknown id, script, markup in a tag):\n%s", lang, n, written)
		}
		render := func(src string) string {
			var out strings.Builder
			tmpl := template.Must(template.New("page").Funcs(Funcs(tr)).Parse(src))
			if err := tmpl.Execute(&out, nil); err != nil {
				t.Fatal(err)
			}
			return out.String()
		}
		if before, after := render(sample), render(string(written)); before != after {
			t.Errorf("%s: the page changed:\nbefore %s\nafter  %s", lang, before, after)
		}
	}
	english, _ := fs.ReadFile(Translated(fstest.MapFS{"p.html": {Data: []byte(sample)}}, i18n.For(i18n.English)), "p.html")
	if !strings.HasPrefix(string(english), "<p>Start of the requestor&#39;s name or email.</p>") {
		t.Errorf("the text is not written in, escaped: %s", english)
	}
}

// TestEveryTemplateParsesTranslated: the shipped templates, translated,
// still parse in both languages.
func TestEveryTemplateParsesTranslated(t *testing.T) {
	for _, lang := range []string{i18n.English, "es"} {
		fsys := Translated(FS, i18n.For(lang))
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
				return err
			}
			src, err := fs.ReadFile(fsys, path)
			if err != nil {
				return err
			}
			_, err = template.New(path).Funcs(Funcs(i18n.For(lang))).Funcs(template.FuncMap{"asset": func(string) string { return "" }}).Parse(string(src))
			return err
		})
		if err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
}
