package views

import (
	"html/template"
	"strconv"
	"strings"

	"vmportal/models"
)

// The request list's rows are written here rather than in lista_vms.html:
// 25 rows × (6 columns + a details row of every other field) are some 600
// template actions per page, each a reflective call plus html/template's
// escaper chain, and executing them was three quarters of the page's CPU.
// Written directly, with every value escaped once, the same markup costs
// a small fraction of that. The words still come from the catalog; only
// the tags are here.

// listRows writes the <tr> pairs of the request list for items: the row
// with the name, status and column fields, then the row whose <details>
// holds every other field.
func (v viewFuncs) listRows(items []*models.VMRequest) template.HTML {
	labels := make([]string, len(detailFields))
	for i, f := range detailFields {
		labels[i] = template.HTMLEscapeString(v.label(f))
	}
	details := template.HTMLEscapeString(v.tr.T("list.view.details"))
	// "Details of <name>" is put into words once, around a marker, rather
	// than once a row.
	detailsOf := strings.Split(v.tr.T("list.view.details_of", "Name", "\x00"), "\x00")
	for i := range detailsOf {
		detailsOf[i] = template.HTMLEscapeString(detailsOf[i])
	}
	colspan := strconv.Itoa(len(columnFields) + 2)

	var b strings.Builder
	// About 1.1 KB a request with typical values: one allocation for the
	// page, a second only for unusually long notes.
	b.Grow(len(items) * 1280)
	for _, r := range items {
		id := strconv.FormatInt(r.ID, 10)
		name := template.HTMLEscapeString(r.VMName)
		b.WriteString(`<tr class="request-row"><th scope="row" class="vm-name"><a href="/vms/`)
		b.WriteString(id)
		b.WriteString(`">`)
		b.WriteString(name)
		b.WriteString(`</a></th><td><span class="badge `)
		b.WriteString(statusClass(r.Status))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(v.value(r.Status)))
		b.WriteString(`</span>`)
		if progress := v.tr.Text(r.ApprovalProgress()); progress != "" {
			b.WriteString(` <span class="badge text-bg-light border text-nowrap" data-testid="approvals">`)
			b.WriteString(template.HTMLEscapeString(progress))
			b.WriteString(`</span>`)
		}
		b.WriteString(`</td>`)
		for _, f := range columnFields {
			c := v.newListCell(f, r)
			b.WriteString(`<td`)
			if c.Class != "" {
				b.WriteString(` class="`)
				b.WriteString(c.Class)
				b.WriteString(`"`)
			}
			b.WriteString(`>`)
			b.WriteString(template.HTMLEscapeString(c.Text))
			b.WriteString(`</td>`)
		}
		b.WriteString("</tr>\n")

		b.WriteString(`<tr class="request-details"><td colspan="`)
		b.WriteString(colspan)
		b.WriteString(`"><details><summary>`)
		b.WriteString(details)
		b.WriteString(`<span class="visually-hidden"> `)
		for i, part := range detailsOf {
			if i > 0 {
				b.WriteString(name)
			}
			b.WriteString(part)
		}
		b.WriteString(`</span></summary><dl class="request-fields small mb-0">`)
		for i, f := range detailFields {
			// Plain <dt>/<dd>: the two columns are the stylesheet's
			// (.request-fields), not classes repeated 375 times a page.
			b.WriteString(`<dt>`)
			b.WriteString(labels[i])
			if f.Long {
				b.WriteString(`</dt><dd class="notes-text">`)
			} else {
				b.WriteString(`</dt><dd>`)
			}
			b.WriteString(template.HTMLEscapeString(v.newListCell(f, r).Text))
			b.WriteString(`</dd>`)
		}
		b.WriteString("</dl></details></td></tr>\n")
	}
	// Every value above was escaped; the tags are constants.
	return template.HTML(b.String())
}
