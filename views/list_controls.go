package views

// The request list's controls: its sortable column headings and the
// filter fields of its search form.

import "vmportal/models"

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
