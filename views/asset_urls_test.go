package views

import (
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// fingerprinted mimics the app's asset function: /static/ and a
// fingerprint.
func fingerprinted(name string) string { return "/static/" + name + "?v=1a2b3c4d" }

// TestAssetURLsWrittenInRenderTheSame: a template renders exactly what it
// rendered with the asset actions, and only whole href and src values of
// plain URLs were written in.
func TestAssetURLsWrittenInRenderTheSame(t *testing.T) {
	const sample = `<link rel="stylesheet" href="{{asset "css/styles.css"}}">` +
		`<script src="{{asset "js/scripts.js"}}" defer></script>` +
		`<img src="{{asset "img/a b&c.png"}}" alt="">` + // not a plain URL
		`<a href="{{asset "doc.pdf"}}#page=2">doc</a>` + // not the whole value
		`<p>{{asset "css/styles.css"}}</p>` + // not an attribute
		`<script>var u = {{asset "js/scripts.js"}};</script>`
	written, err := fs.ReadFile(WithAssetURLs(fstest.MapFS{"page.html": {Data: []byte(sample)}}, fingerprinted), "page.html")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(written), "{{"); n != 4 {
		t.Errorf("%d actions left, want 4 (not plain, not the whole value, text, script):\n%s", n, written)
	}
	if !strings.HasPrefix(string(written), `<link rel="stylesheet" href="/static/css/styles.css?v=1a2b3c4d">`) {
		t.Errorf("the URL is not written in: %s", written)
	}
	render := func(src string) string {
		var out strings.Builder
		tmpl := template.Must(template.New("page").Funcs(template.FuncMap{"asset": fingerprinted}).Parse(src))
		if err := tmpl.Execute(&out, nil); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	if before, after := render(sample), render(string(written)); before != after {
		t.Errorf("the page changed:\nbefore %s\nafter  %s", before, after)
	}
}

// TestTheLayoutKeepsNoAssetAction: every asset URL of the shipped
// templates is written in.
func TestTheLayoutKeepsNoAssetAction(t *testing.T) {
	fsys := WithAssetURLs(FS, fingerprinted)
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		src, err := fs.ReadFile(fsys, path)
		if strings.Contains(string(src), "{{asset") {
			t.Errorf("%s still calls asset:\n%s", path, src)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
