package views

import (
	"html/template"
	"strconv"
	"strings"

	"vmportal/models"
)

// History is the detail page's list of changes: the request they were
// made to, its changes in order, and whether the viewer may restore the
// state a change replaced (models.CanRestore).
type History struct {
	Request    *models.VMRequest
	Entries    []HistoryEntry
	CanRestore bool
}

// HistoryEntry is one change as the list shows it: the history row, who
// made it, and the comparison of the version it replaced with the
// current one.
type HistoryEntry struct {
	models.VMHistory
	By      string // username, or "system"
	Compare string // URL
}

// historyList writes the detail page's numbered list of changes, each with
// what it changed, its comparison link and, for those who may, the form
// restoring the version it replaced; csrf goes into those forms. Written
// here rather than in detalles_vm.html: each change was some thirty
// template actions (five messages with values, a date, a field label and
// two values a changed field, and the escapers of each), a quarter of the
// detail page's CPU for a request edited three times. Texts are escaped
// once; the tags are constants.
func (v viewFuncs) historyList(h History, csrf string) template.HTML {
	esc := template.HTMLEscapeString
	empty := esc(v.tr.T("common.empty"))

	var b strings.Builder
	b.Grow(1024 * len(h.Entries))
	b.WriteString(`<ol class="list-group list-group-numbered history-list">` + "\n")
	for _, e := range h.Entries {
		b.WriteString(`<li class="list-group-item">` + "\n" + `<div class="fw-semibold">`)
		b.WriteString(esc(e.By))
		b.WriteString(" · ")
		b.WriteString(esc(v.tr.DateTime(e.ChangedAt)))
		b.WriteString(` <span class="text-body-secondary fw-normal small">`)
		b.WriteString(esc(v.tr.T("request.version_step", "From", e.Version, "To", e.Version+1)))
		b.WriteString("</span></div>\n")
		if e.RestoredFrom != nil {
			b.WriteString(`<p class="mb-1 small" data-testid="restored-from">`)
			b.WriteString(esc(v.tr.T("restore.restored_from", "Version", *e.RestoredFrom)))
			b.WriteString("</p>\n")
		}
		v.writeChanges(&b, e.Changes, empty)
		b.WriteString(`<div class="d-flex flex-wrap align-items-center gap-2 mt-2">` + "\n" +
			`<a class="btn btn-sm btn-outline-secondary" href="`)
		b.WriteString(esc(e.Compare))
		b.WriteString(`">`)
		b.WriteString(esc(v.tr.T("compare.with_current", "Version", e.Version)))
		b.WriteString("</a>\n")
		if h.CanRestore {
			v.writeRestoreForm(&b, h.Request, e.Version, csrf)
		}
		b.WriteString("</div>\n</li>\n")
	}
	b.WriteString("</ol>")
	return template.HTML(b.String()) // #nosec G203 -- constant tags, escaped texts
}

// writeChanges writes what one change changed, field by field, or that it
// saved no change; empty is the escaped word for an empty value.
func (v viewFuncs) writeChanges(b *strings.Builder, changes []models.Change, empty string) {
	esc := template.HTMLEscapeString
	if len(changes) == 0 {
		b.WriteString(`<p class="mb-0 small text-body-secondary">`)
		b.WriteString(esc(v.tr.T("request.no_changes_saved")))
		b.WriteString("</p>\n")
		return
	}
	shown := func(value string) string {
		if value == "" {
			return empty
		}
		return esc(v.value(value))
	}
	b.WriteString(`<ul class="mb-0 small change-list">` + "\n")
	for _, c := range changes {
		b.WriteString(`<li><span class="fw-semibold">`)
		b.WriteString(esc(v.tr.T("field." + c.Field)))
		b.WriteString(`</span>: <del>`)
		b.WriteString(shown(c.Old))
		b.WriteString(`</del> → <ins>`)
		b.WriteString(shown(c.New))
		b.WriteString("</ins></li>")
	}
	b.WriteString("\n</ul>\n")
}

// writeRestoreForm writes the form that restores version of r.
func (v viewFuncs) writeRestoreForm(b *strings.Builder, r *models.VMRequest, version int, csrf string) {
	esc := template.HTMLEscapeString
	b.WriteString(`<form method="post" action="/vms/`)
	b.WriteString(strconv.FormatInt(r.ID, 10))
	b.WriteString(`/restore" data-confirm="`)
	b.WriteString(esc(v.tr.T("restore.confirm", "Version", version, "Name", r.VMName)))
	b.WriteString(`" data-confirm-button="`)
	b.WriteString(esc(v.tr.T("restore.confirm_button", "Version", version)))
	b.WriteString(`" data-confirm-class="btn-warning">` + "\n" + `<input type="hidden" name="_csrf" value="`)
	b.WriteString(esc(csrf))
	b.WriteString(`"><input type="hidden" name="version" value="`)
	b.WriteString(strconv.Itoa(r.Version))
	b.WriteString(`"><input type="hidden" name="restore" value="`)
	b.WriteString(strconv.Itoa(version))
	b.WriteString(`">` + "\n" + `<button type="submit" class="btn btn-sm btn-outline-dark" aria-label="`)
	b.WriteString(esc(v.tr.T("restore.button_label", "Version", version)))
	b.WriteString(`">`)
	b.WriteString(esc(v.tr.T("restore.button")))
	b.WriteString("</button>\n</form>\n")
}
