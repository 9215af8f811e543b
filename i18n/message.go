package i18n

import (
	"fmt"
	"strings"
)

// Message is a text for people that is not yet in a language: the ID of
// a catalog entry and the values its wording refers to. Models and
// controllers return Messages (validation errors, flashes, error pages);
// the page puts them into the reader's language. The zero Message means
// "no message".
type Message struct {
	ID   string
	Args map[string]any
}

// M builds a Message from id and name/value pairs:
// M("validation.required", "Label", field.LabelMessage()). A value may
// itself be a Message (translated first), an OrList or a plain value.
func M(id string, pairs ...any) Message {
	m := Message{ID: id}
	if len(pairs) > 0 {
		m.Args = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			m.Args[fmt.Sprint(pairs[i])] = pairs[i+1]
		}
	}
	return m
}

// IsZero reports whether m is no message at all.
func (m Message) IsZero() bool { return m.ID == "" }

// String is m in English: for logs, CSV and JSON answers, and tests.
func (m Message) String() string { return For(English).Text(m) }

// MarshalText writes m in English, so a Message in JSON reads as text.
func (m Message) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// OrList is a list of alternatives shown as "A, B or C" ("A, B o C").
// Items that are catalog IDs under Prefix (e.g. "value.") are translated.
type OrList struct {
	Items  []string
	Prefix string
}

func (l OrList) render(t *Translator) string {
	items := make([]string, len(l.Items))
	for i, it := range l.Items {
		items[i] = it
		if l.Prefix != "" {
			items[i] = t.Value(l.Prefix, it)
		}
	}
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + t.T("common.or") + " " + items[len(items)-1]
}
