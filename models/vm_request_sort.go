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

// directions says which way the sort column and the id run: the id in
// the column's direction, except within a status, newest first (and
// oldest first reversed), the order of the existing (status, id DESC)
// index, read either way.
func (s RequestSort) directions() (colAsc, idAsc bool) {
	colAsc, idAsc = !s.Desc, !s.Desc
	if s.column() == "status" {
		idAsc = !colAsc
	}
	return colAsc, idAsc
}

// orderBy is the ORDER BY list, valid on vm_requests and on any subquery
// that selected keyColumns.
func (s RequestSort) orderBy() string {
	col := s.column()
	if col == "" {
		return "id DESC"
	}
	colAsc, idAsc := s.directions()
	dir := map[bool]string{true: " ASC", false: " DESC"}
	return col + dir[colAsc] + ", id" + dir[idAsc]
}

// after is the condition "comes after the row whose sort column reads key
// (as text) and whose id is id" in s's order: where a keyset walk in that
// order resumes. When both run the same way it is a row comparison, a
// range of the sort's (column, id) index.
func (s RequestSort) after(key string, id int64) (string, []any) {
	col := s.column()
	if col == "" {
		return "id < ?", []any{id}
	}
	colAsc, idAsc := s.directions()
	op := map[bool]string{true: ">", false: "<"}
	v := "CAST(CAST(? AS text) AS " + s.columnType() + ")"
	if colAsc == idAsc {
		return "(" + col + ", id) " + op[colAsc] + " (" + v + ", ?)", []any{key, id}
	}
	return "(" + col + " " + op[colAsc] + " " + v + " OR (" + col + " = " + v + " AND id " + op[idAsc] + " ?))",
		[]any{key, key, id}
}

// columnType is the SQL type of the sort column.
func (s RequestSort) columnType() string {
	switch SortField(s.Key).Kind {
	case KindInt:
		return "integer"
	case KindDate:
		return "date"
	}
	return "text"
}

// keyText is a select-list expression giving the sort column of r as
// text, for after; an empty text without a sort column.
func (s RequestSort) keyText() string {
	if col := s.column(); col != "" {
		return "r." + col + "::text"
	}
	return "''"
}

// keyColumns are what an id query selects so that orderBy still applies
// to its result: the id and the sort column.
func (s RequestSort) keyColumns() string {
	if col := s.column(); col != "" {
		return "id, " + col
	}
	return "id"
}
