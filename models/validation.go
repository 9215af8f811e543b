package models

import (
	"net/mail"
	"sort"
	"strings"

	"vmportal/i18n"
)

// FieldErrors maps a form field name to a message a person understands,
// put into the reader's language when a page shows it.
type FieldErrors map[string]i18n.Message

// Add records msg for field unless the field already has a message.
func (fe FieldErrors) Add(field string, msg i18n.Message) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}

// FieldMessage is one entry of an error summary.
type FieldMessage struct {
	Field   string
	Message i18n.Message
}

// Ordered lists the messages in the order of fields (the form's order), so
// a summary reads top to bottom like the form. A field "vlans" stands for
// every "vlans…" key, by row; keys not in order come last.
func (fe FieldErrors) Ordered(order []string) []FieldMessage {
	var out []FieldMessage
	done := map[string]bool{}
	for _, f := range order {
		var keys []string
		for k := range fe {
			if k == f || (f == "vlans" && strings.HasPrefix(k, "vlans.")) {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return naturalLess(keys[i], keys[j]) })
		for _, k := range keys {
			if !done[k] {
				out = append(out, FieldMessage{Field: k, Message: fe[k]})
				done[k] = true
			}
		}
	}
	var rest []string
	for k := range fe {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, FieldMessage{Field: k, Message: fe[k]})
	}
	return out
}

// naturalLess orders "vlans.2.vlan_id" before "vlans.10.vlan_id".
func naturalLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// ValidationError is returned by saves whose input breaks a rule.
type ValidationError struct {
	Fields FieldErrors
}

// Error lists the field errors, sorted by field, for logs.
func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k].String()
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// checkRequiredText adds an error unless value is non-empty and at most max
// characters.
func checkRequiredText(fe FieldErrors, field string, label i18n.Message, value string, max int) {
	switch {
	case strings.TrimSpace(value) == "":
		fe.Add(field, i18n.M("validation.required", "Label", label))
	case len([]rune(value)) > max:
		fe.Add(field, i18n.M("validation.too_long", "Label", label, "Max", max))
	}
}

// checkEmail adds an error unless value is a plain address like
// name@example.com.
func checkEmail(fe FieldErrors, field string, label i18n.Message, value string) {
	if strings.TrimSpace(value) == "" {
		fe.Add(field, i18n.M("validation.required", "Label", label))
		return
	}
	if !ValidEmail(value) {
		fe.Add(field, i18n.M("validation.email", "Label", label))
	}
}

// ValidEmail reports whether s is a bare email address with a dotted
// domain, at most 254 characters long.
func ValidEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}
