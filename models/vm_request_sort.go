package models

// The request list sorts by any field marked Column in the description,
// with the id as tie-breaker in the same direction, so that each order is
// total (pages never overlap) and one index on (column, id) serves it
// both ways (migration 0022). Status is the exception: newest first
// within a status, as its older index (status, id DESC) runs. Without a
// sort the list is newest first.

// SortFields are the fields the request list can be sorted by, in
// description order (a shared slice: read it, do not modify it).
func SortFields() []*Field { return sortFields }

var sortFields = func() []*Field {
	var out []*Field
	for _, f := range RequestFields {
		if f.Column {
			out = append(out, f)
		}
	}
	return out
}()

// SortField returns the sortable field with key, or nil.
func SortField(key string) *Field {
	for _, f := range sortFields {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// column is the stored column the sort orders by, "" for newest first.
// Names sort ignoring case, by the stored lower-cased copy.
func (s RequestSort) column() string {
	switch {
	case SortField(s.Key) == nil:
		return ""
	case s.Key == "vm_name":
		return "vm_name_lower"
	}
	return s.Key
}

// orderBy is the ORDER BY list, valid on vm_requests and on any subquery
// that selected keyColumns.
func (s RequestSort) orderBy() string {
	col := s.column()
	if col == "" {
		return "id DESC"
	}
	dir, idDir := " ASC", " ASC"
	if s.Desc {
		dir, idDir = " DESC", " DESC"
	}
	if col == "status" {
		// Within a status, newest first (and oldest first reversed): the
		// order of the existing (status, id DESC) index, read either way.
		idDir = map[string]string{" ASC": " DESC", " DESC": " ASC"}[dir]
	}
	return col + dir + ", id" + idDir
}

// keyColumns are what an id query selects so that orderBy still applies
// to its result: the id and the sort column.
func (s RequestSort) keyColumns() string {
	if col := s.column(); col != "" {
		return "id, " + col
	}
	return "id"
}
