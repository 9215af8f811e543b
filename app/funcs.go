package app

import (
	"html/template"
	"time"
)

// templateFuncs are the helpers templates may call. They format; they never
// compute business results (those come from the controllers).
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		// datetime shows a timestamp in UTC, to the minute.
		"datetime": func(t *time.Time) string {
			if t == nil || t.IsZero() {
				return "—"
			}
			return t.UTC().Format("2006-01-02 15:04 UTC")
		},
	}
}
