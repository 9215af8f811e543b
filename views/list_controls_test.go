package views

import (
	"html/template"
	"strings"
	"testing"

	"vmportal/i18n"
	"vmportal/models"
)

// formerSortHeader is the partial the list's headings came from before
// sortHeaders was written in Go: the oracle its output must match.
const formerSortHeader = `{{define "h"}}<th scope="col"{{with .AriaSort}} aria-sort="{{.}}"{{end}}{{if .Numeric}} class="text-end"{{end}}>
  <a class="sort-link" href="{{.URL}}">{{.Label}}<span class="visually-hidden">, {{.Hint}}</span><span class="sort-arrow" aria-hidden="true">{{if eq .AriaSort "ascending"}}▲{{else if eq .AriaSort "descending"}}▼{{else}}↕{{end}}</span></a>
</th>{{end}}{{template "h" sortHeader .F "vm_name"}}{{template "h" sortHeader .F "status"}}{{range .Columns}}{{template "h" sortHeader $.F .Key}}{{end}}`

// TestSortHeadersMatchTheFormerPartial: the headings written in Go are the
// former partial's markup, in both languages, unsorted, sorted either way
// by a column and with a filter whose value needs escaping.
func TestSortHeadersMatchTheFormerPartial(t *testing.T) {
	filtered := models.RequestFilter{Search: `a"b<c>&d é`, Status: models.StatusPending}
	byCPUs := filtered
	byCPUs.Sort = models.RequestSort{Key: "cpus"}
	byNameDesc := models.RequestFilter{Sort: models.RequestSort{Key: "vm_name", Desc: true}}
	for _, lang := range []string{i18n.English, "es"} {
		v := viewFuncs{i18n.For(lang)}
		funcs := Funcs(i18n.For(lang))
		funcs["sortHeader"] = v.newSortHeader
		oracle := template.Must(template.New("headers").Funcs(funcs).Parse(formerSortHeader))
		for _, f := range []models.RequestFilter{{}, filtered, byCPUs, byNameDesc} {
			var want strings.Builder
			if err := oracle.Execute(&want, map[string]any{"F": f, "Columns": columnFields}); err != nil {
				t.Fatal(err)
			}
			if got := string(v.sortHeaders(f)); normal(got) != sameAttribute(normal(want.String())) {
				t.Errorf("%s %+v: headings differ from the former partial:\n got %s\nwant %s", lang, f, normal(got), sameAttribute(normal(want.String())))
			}
		}
	}
	got := string(viewFuncs{i18n.For(i18n.English)}.sortHeaders(byCPUs))
	if !strings.Contains(got, `aria-sort="ascending" class="text-end"`) || strings.Count(got, "<th ") != len(columnFields)+2 {
		t.Errorf("headings sorted by CPUs: %s", got)
	}
}

// TestDatalistOptionsEscapeValues: a used value that looks like markup is
// offered as text.
func TestDatalistOptionsEscapeValues(t *testing.T) {
	got := string(datalistOptions([]string{"Debian 12", `"><script>x</script>`}))
	want := `<option value="Debian 12"></option><option value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"></option>`
	if got != want {
		t.Errorf("options:\n got %s\nwant %s", got, want)
	}
}
