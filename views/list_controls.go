package views

// The request list's controls: its sortable column headings and the
// filter fields of its search form. The headings and the datalists'
// options are written here, like the rows (see listRows): as template
// partials they were some 200 actions of every list page.

import (
	"html/template"
	"strings"

	"vmportal/models"
)

// sortHeader is a sortable column heading of the request list: its label,
// the link that sorts by it (ascending first, then toggling), and the
// aria-sort value while the list is sorted by it.
type sortHeader struct {
	Label    string
	URL      string
	AriaSort string // "ascending", "descending", or "" when not sorted by this column
	Hint     string // what following the link does, for screen readers
	Numeric  bool   // aligned right, as the column's numbers are
}

// newSortHeader builds the heading of the column key for a list filtered
// by f; the link keeps every filter and starts again at page 1.
func (v viewFuncs) newSortHeader(f models.RequestFilter, key string) sortHeader {
	field := models.SortField(key)
	if field == nil {
		return sortHeader{Label: key}
	}
	h := sortHeader{Label: v.label(field), Hint: v.tr.T("list.view.sort_asc"), Numeric: field.Kind == models.KindInt}
	next := models.RequestSort{Key: key}
	if f.Sort.Key == key {
		if f.Sort.Desc {
			h.AriaSort = "descending"
		} else {
			h.AriaSort, h.Hint, next.Desc = "ascending", v.tr.T("list.view.sort_desc"), true
		}
	}
	f.Sort = next
	h.URL = "/vms?" + f.Values().Encode()
	return h
}

// sortHeaders writes the list's column headings (name, status, then the
// columns), each a link that sorts by it, for a list filtered by f.
func (v viewFuncs) sortHeaders(f models.RequestFilter) template.HTML {
	keys := make([]string, 0, len(columnFields)+2)
	keys = append(keys, "vm_name", "status")
	for _, c := range columnFields {
		keys = append(keys, c.Key)
	}
	var b strings.Builder
	b.Grow(320 * len(keys))
	for _, key := range keys {
		h := v.newSortHeader(f, key)
		b.WriteString(`<th scope="col"`)
		if h.AriaSort != "" {
			b.WriteString(` aria-sort="`)
			b.WriteString(h.AriaSort)
			b.WriteString(`"`)
		}
		if h.Numeric {
			b.WriteString(` class="text-end"`)
		}
		b.WriteString(`><a class="sort-link" href="`)
		b.WriteString(template.HTMLEscapeString(h.URL))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(h.Label))
		b.WriteString(`<span class="visually-hidden">, `)
		b.WriteString(template.HTMLEscapeString(h.Hint))
		b.WriteString(`</span><span class="sort-arrow" aria-hidden="true">`)
		switch h.AriaSort {
		case "ascending":
			b.WriteString("▲")
		case "descending":
			b.WriteString("▼")
		default:
			b.WriteString("↕")
		}
		b.WriteString("</span></a></th>\n")
	}
	return template.HTML(b.String())
}

// datalistOptions writes one <option> per value, for a <datalist>.
func datalistOptions(values []string) template.HTML {
	var b strings.Builder
	for _, v := range values {
		b.WriteString(`<option value="`)
		b.WriteString(template.HTMLEscapeString(v))
		b.WriteString(`"></option>`)
	}
	return template.HTML(b.String())
}

// filterFields are the fields whose exact value filters the request list:
// those with suggestions (a datalist of the values already used).
func filterFields() []*models.Field {
	var out []*models.Field
	for _, f := range models.FormFields() {
		if f.Suggest {
			out = append(out, f)
		}
	}
	return out
}

// filterValue is the value f filters the field key by, "" for none.
func filterValue(f models.RequestFilter, key string) string { return f.Values().Get(key) }
