package models

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// maxSuggestions bounds each field's suggestion list.
const maxSuggestions = 200

// suggestFields are the described fields whose used values the form
// offers (Field.Suggest); vm_suggestions keeps those values, so the form
// never scans vm_requests for DISTINCT values.
func suggestFields() []*Field {
	var out []*Field
	for _, f := range RequestFields {
		if f.Suggest {
			out = append(out, f)
		}
	}
	return out
}

// registeredValues are, for a suggested field, the values registered by
// admins (the Virtual Host field offers the registered hosts), offered
// before the values already used.
var registeredValues = map[string]string{
	"virtual_host": "(SELECT 'virtual_host' AS field, name AS value FROM virtual_hosts WHERE retired_at IS NULL ORDER BY lower(name) LIMIT " +
		strconv.Itoa(maxSuggestions) + ")",
}

// suggestion is one value offered for a field.
type suggestion struct{ Field, Value string }

// Suggestions returns the values registered or already used for each
// suggested field, at most maxSuggestions used ones each: one round trip,
// each part an index range scan of the (field, value) primary key. A
// value offered twice (a registered host already used) is offered once.
func Suggestions(db *gorm.DB) (map[string][]string, error) {
	var parts []string
	var args []any
	for _, f := range suggestFields() {
		if sql, ok := registeredValues[f.Key]; ok {
			parts = append(parts, sql)
		}
		parts = append(parts, "(SELECT field, value FROM vm_suggestions WHERE field = ? ORDER BY value LIMIT "+strconv.Itoa(maxSuggestions)+")")
		args = append(args, f.Key)
	}
	rows, err := ScanAll[suggestion](db.Raw(strings.Join(parts, " UNION ALL "), args...))
	if err != nil {
		return nil, fmt.Errorf("models: suggestions: %w", err)
	}
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, r := range rows {
		key := r.Field + "\x00" + strings.ToLower(r.Value)
		if !seen[key] {
			seen[key] = true
			out[r.Field] = append(out[r.Field], r.Value)
		}
	}
	return out, nil
}

// SuggestionCache keeps what Suggestions read, with the version of the
// suggestions it was read at (the data_versions row that migration 0025's
// triggers move whenever a value is used for the first time or a host
// changes), for as long as that version is the database's. The version
// comes from a read the page makes anyway (the session's), so a page
// whose version has not moved reads no suggestions at all, and another
// instance's change shows on the next page. The zero value is ready.
type SuggestionCache struct {
	mu      sync.Mutex
	read    bool
	version int64
	values  map[string][]string
}

// Get returns the suggestions at version, as the caller read it from the
// database: the kept ones when they were read at that version, or else
// read now (Suggestions). The map is shared: read it, never change it.
func (c *SuggestionCache) Get(db *gorm.DB, version int64) (map[string][]string, error) {
	c.mu.Lock()
	values, fresh := c.values, c.read && c.version == version
	c.mu.Unlock()
	if fresh {
		return values, nil
	}
	values, err := Suggestions(db)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	// Versions only grow: a page that read an older one keeps its answer
	// to itself.
	if !c.read || version >= c.version {
		c.read, c.version, c.values = true, version, values
	}
	c.mu.Unlock()
	return values, nil
}

// rememberSuggestions records r's values of the suggested fields.
func rememberSuggestions(db *gorm.DB, r *VMRequest) error {
	var values []string
	var args []any
	for _, f := range suggestFields() {
		if v := f.Text(r); v != "" {
			values = append(values, "(?, ?)")
			args = append(args, f.Key, v)
		}
	}
	if len(values) == 0 {
		return nil
	}
	err := db.Exec("INSERT INTO vm_suggestions (field, value) VALUES "+strings.Join(values, ", ")+" ON CONFLICT DO NOTHING",
		args...).Error
	if err != nil {
		return fmt.Errorf("models: remember suggestions: %w", err)
	}
	return nil
}
