package views

import (
	"html/template"
	"strings"

	"vmportal/models"
)

// snapshot writes a request's fields as label/value pairs (the detail
// page's "Current" and "Original" sections); an empty workflow field (no
// decision reason yet) is left out. Like listRows it is written here
// rather than as a template: two snapshots of every field were over half
// of the detail page's template actions, each a reflective call and an
// escaper chain. Every label and value is escaped once; the tags are
// constants.
func (v viewFuncs) snapshot(fields []models.LabeledValue) template.HTML {
	var b strings.Builder
	b.Grow(64 * len(fields))
	b.WriteString(`<dl class="row snapshot mb-0">`)
	for _, lv := range fields {
		if lv.Value == "" && lv.Workflow {
			continue
		}
		b.WriteString(`<dt class="col-sm-5">`)
		b.WriteString(template.HTMLEscapeString(v.label(lv.Field)))
		if lv.Long {
			b.WriteString(`</dt><dd class="col-sm-7 mb-1 notes-text">`)
		} else {
			b.WriteString(`</dt><dd class="col-sm-7 mb-1">`)
		}
		if lv.Value == "" {
			b.WriteString("—")
		} else {
			b.WriteString(template.HTMLEscapeString(v.show(lv.Field, lv.Value)))
		}
		b.WriteString("</dd>\n")
	}
	b.WriteString("</dl>")
	return template.HTML(b.String())
}
