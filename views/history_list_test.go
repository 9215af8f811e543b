package views

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"vmportal/i18n"
	"vmportal/models"
)

// formerHistory is the detail page's list of changes as detalles_vm.html
// wrote it before historyList: the oracle its output must match.
const formerHistory = `{{$r := .Data.Request}}
  <ol class="list-group list-group-numbered history-list">
    {{range .Data.History}}
    <li class="list-group-item">
      <div class="fw-semibold">{{.By}} · {{datetime .ChangedAt}} <span class="text-body-secondary fw-normal small">{{t "request.version_step" "From" .Version "To" (add .Version 1)}}</span></div>
      {{with .RestoredFrom}}<p class="mb-1 small" data-testid="restored-from">{{t "restore.restored_from" "Version" .}}</p>{{end}}
      {{if .Changes}}
      <ul class="mb-0 small change-list">
        {{range .Changes}}<li><span class="fw-semibold">{{t (print "field." .Field)}}</span>: <del>{{if .Old}}{{value .Old}}{{else}}{{t "common.empty"}}{{end}}</del> → <ins>{{if .New}}{{value .New}}{{else}}{{t "common.empty"}}{{end}}</ins></li>{{end}}
      </ul>
      {{else}}<p class="mb-0 small text-body-secondary">{{t "request.no_changes_saved"}}</p>{{end}}
      <div class="d-flex flex-wrap align-items-center gap-2 mt-2">
        <a class="btn btn-sm btn-outline-secondary" href="{{.Compare}}">{{t "compare.with_current" "Version" .Version}}</a>
        {{if $.Data.CanRestore}}
        <form method="post" action="/vms/{{$r.ID}}/restore" data-confirm="{{t "restore.confirm" "Version" .Version "Name" $r.VMName}}" data-confirm-button="{{t "restore.confirm_button" "Version" .Version}}" data-confirm-class="btn-warning">
          <input type="hidden" name="_csrf" value="{{$.CSRF}}"><input type="hidden" name="version" value="{{$r.Version}}"><input type="hidden" name="restore" value="{{.Version}}">
          <button type="submit" class="btn btn-sm btn-outline-dark" aria-label="{{t "restore.button_label" "Version" .Version}}">{{t "restore.button"}}</button>
        </form>
        {{end}}
      </div>
    </li>
    {{end}}
  </ol>`

// TestHistoryListMatchesTheFormerTemplate: the list written in Go is the
// former template's markup in both languages, with and without the
// restore forms, for changes made by a hostile username to a request with
// a hostile name: a restore, empty values on either side, a yes/no value
// and a date, a change that saved nothing, and versions past 1,000.
func TestHistoryListMatchesTheFormerTemplate(t *testing.T) {
	hostile := `<script>alert("x")</script> & 'co' + more`
	restored := 2
	at := time.Date(2026, 3, 4, 15, 4, 5, 0, time.UTC)
	r := &models.VMRequest{ID: 42, VMName: hostile, Version: 1205}
	entries := []HistoryEntry{
		{VMHistory: models.VMHistory{Version: 1, ChangedAt: at, Changes: []models.Change{
			{Field: "cpus", Old: "2", New: "4"},
			{Field: "notes", Old: "", New: hostile},
			{Field: "backup_required", Old: "No", New: "Yes"},
			{Field: "request_date", Old: "2026-03-04", New: ""},
		}}, By: hostile, Compare: "/vms/42/compare?from=1&to=1205"},
		{VMHistory: models.VMHistory{Version: 3, ChangedAt: at.Add(time.Hour), RestoredFrom: &restored,
			Changes: []models.Change{{Field: "vm_name", Old: "web-01", New: hostile}}}, By: "system", Compare: "/vms/42/compare?from=3&to=1205"},
		{VMHistory: models.VMHistory{Version: 1204, ChangedAt: at.Add(2 * time.Hour)}, By: "ana", Compare: "/vms/42/compare?from=1204&to=1205"},
	}
	for _, lang := range []string{i18n.English, i18n.Spanish} {
		v := viewFuncs{i18n.For(lang)}
		oracle := template.Must(template.New("history").Funcs(Funcs(i18n.For(lang))).Parse(formerHistory))
		for _, canRestore := range []bool{false, true} {
			var want strings.Builder
			err := oracle.Execute(&want, map[string]any{"CSRF": `tok"en`,
				"Data": map[string]any{"Request": r, "History": entries, "CanRestore": canRestore}})
			if err != nil {
				t.Fatal(err)
			}
			got := string(v.historyList(History{Request: r, Entries: entries, CanRestore: canRestore}, `tok"en`))
			// html/template also writes "+" as "&#43;"; both read "+".
			if w := strings.ReplaceAll(normal(want.String()), "&#43;", "+"); normal(got) != w {
				t.Errorf("%s, restore %v: history differs from the former template:\n got %s\nwant %s", lang, canRestore, normal(got), w)
			}
			if strings.Contains(got, "<script>") || !strings.Contains(got, "&lt;script&gt;") {
				t.Errorf("%s: a typed value is not escaped: %s", lang, got)
			}
			if strings.Contains(got, "/restore") != canRestore {
				t.Errorf("%s: restore forms shown = %v, want %v", lang, !canRestore, canRestore)
			}
		}
	}
}
