package views

import (
	"html/template"
	"regexp"
	"strings"
	"testing"
	"time"

	"vmportal/i18n"
	"vmportal/models"
)

// formerSnapshot is the template the detail page used before snapshot
// was written in Go: the oracle its output must match.
const formerSnapshot = `<dl class="row snapshot mb-0">
  {{range .}}{{if or .Value (not .Workflow)}}
  <dt class="col-sm-5">{{label .Field}}</dt>
  <dd class="col-sm-7 mb-1{{if .Long}} notes-text{{end}}">{{if .Value}}{{show .Field .Value}}{{else}}—{{end}}</dd>
  {{end}}{{end}}
</dl>`

// betweenTags is white space between two tags, which a browser ignores
// in a <dl>.
var betweenTags = regexp.MustCompile(`>\s+<`)

// TestSnapshotMatchesTheFormerTemplate: the snapshot written in Go is the
// former template's markup, value for value and escape for escape, in
// both languages, for a request with hostile text, numbers, dates,
// choices, empty fields and an empty workflow field.
func TestSnapshotMatchesTheFormerTemplate(t *testing.T) {
	hostile := `<script>alert("x")</script> & 'co'`
	r := &models.VMRequest{ID: 7, VMName: "web-01", Status: models.StatusPending,
		RequestDate: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), CPUs: 1200, RAMGB: 4, DiskGB: 40,
		RequestorName: hostile, Notes: hostile + "\nsecond line", VirtualHost: "esx-01"}
	fields := r.Snapshot().Fields()
	for _, lang := range []string{i18n.English, "es"} {
		v := viewFuncs{i18n.For(lang)}
		oracle := template.Must(template.New("snapshot").Funcs(Funcs(i18n.For(lang))).Parse(formerSnapshot))
		var want strings.Builder
		if err := oracle.Execute(&want, fields); err != nil {
			t.Fatal(err)
		}
		got := string(v.snapshot(fields))
		if normal(got) != normal(want.String()) {
			t.Errorf("%s: snapshot differs from the former template:\n got %s\nwant %s", lang, normal(got), normal(want.String()))
		}
		if strings.Contains(got, "<script>") || !strings.Contains(got, "&lt;script&gt;") {
			t.Errorf("%s: a typed value is not escaped: %s", lang, got)
		}
	}
}

func normal(s string) string { return strings.TrimSpace(betweenTags.ReplaceAllString(s, "><")) }
