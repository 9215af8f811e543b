package views

import (
	"html/template"
	"strconv"
	"strings"

	"vmportal/models"
)

// pageLinker is a list's filter as in the URL: it knows the address of
// each of its pages, keeping the filter (the request list's and the audit
// trail's queries).
type pageLinker interface{ URL(page int) string }

// pagination writes the pager of a list: Previous, the page numbers
// around the current one, Next. It is written here rather than as a
// partial for the reason listRows is: some seventy template actions a
// page. Nothing is written when there is only one page.
func (v viewFuncs) pagination(q pageLinker, p models.Pager) template.HTML {
	if !p.HasPrev && !p.HasNext {
		return ""
	}
	var b strings.Builder
	b.Grow(160 * (len(p.Pages) + 2))
	b.WriteString(`<nav aria-label="`)
	b.WriteString(template.HTMLEscapeString(v.tr.T("common.pages")))
	b.WriteString("\"><ul class=\"pagination flex-wrap\">\n")
	v.pageStep(&b, q, p.HasPrev, p.Page-1, "prev", "common.previous")
	for _, n := range p.Pages {
		num := strconv.Itoa(n)
		if n == p.Page {
			b.WriteString(`<li class="page-item active"><span class="page-link" aria-current="page">`)
			b.WriteString(num)
			b.WriteString("</span></li>\n")
			continue
		}
		b.WriteString(`<li class="page-item"><a class="page-link" href="`)
		b.WriteString(template.HTMLEscapeString(q.URL(n)))
		b.WriteString(`">`)
		b.WriteString(num)
		b.WriteString("</a></li>\n")
	}
	v.pageStep(&b, q, p.HasNext, p.Page+1, "next", "common.next")
	b.WriteString("</ul></nav>")
	return template.HTML(b.String())
}

// pageStep writes the Previous or Next item: a link to page when ok, a
// disabled item otherwise.
func (v viewFuncs) pageStep(b *strings.Builder, q pageLinker, ok bool, page int, rel, label string) {
	text := template.HTMLEscapeString(v.tr.T(label))
	if !ok {
		b.WriteString(`<li class="page-item disabled"><span class="page-link">`)
		b.WriteString(text)
		b.WriteString("</span></li>\n")
		return
	}
	b.WriteString(`<li class="page-item"><a class="page-link" href="`)
	b.WriteString(template.HTMLEscapeString(q.URL(page)))
	b.WriteString(`" rel="`)
	b.WriteString(rel)
	b.WriteString(`">`)
	b.WriteString(text)
	b.WriteString("</a></li>\n")
}
