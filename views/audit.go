package views

import (
	"fmt"
	"strings"

	"vmportal/i18n"
	"vmportal/models"
)

// ActionLabel returns the readable name of an audit action: the catalog
// entry "action.<action>" with dots as underscores ("action.login_failed"),
// or the action itself when the catalog has none.
func ActionLabel(tr *i18n.Translator, action string) string {
	id := "action." + strings.ReplaceAll(action, ".", "_")
	if s := tr.T(id); s != id {
		return s
	}
	return action
}

// AuditDetailLines renders an entry's details as readable "label: value"
// lines, changes as "Label: old → new": for the audit page (in its
// language) and its CSV (in English).
func AuditDetailLines(tr *i18n.Translator, e models.AuditEntry) []string {
	var lines []string
	if n, ok := e.Details["restored_from"]; ok {
		lines = append(lines, tr.T("restore.audit_line", "Version", n))
	}
	if changes, ok := e.Details["changes"].([]any); ok {
		for _, c := range changes {
			if m, ok := c.(map[string]any); ok {
				lines = append(lines, fmt.Sprintf("%v: %v → %v", changeLabel(tr, m),
					shownValue(tr, m["old"]), shownValue(tr, m["new"])))
			}
		}
	}
	keys := []string{"username", "vm_name", "name", "host", "over", "policy", "position", "full_name", "email", "role", "reason", "how", "via", "version", "dn", "source"}
	for _, k := range keys {
		if v, ok := e.Details[k]; ok && v != "" {
			lines = append(lines, fmt.Sprintf("%s: %v", tr.T("detail."+k), detailValue(tr, k, v)))
		}
	}
	if text, ok := e.Details["comment"].(string); ok {
		lines = append(lines, tr.T("detail.comment")+": "+truncate(text, maxCommentShown))
	}
	return lines
}

// maxCommentShown is how much of a comment an audit line shows; the entry
// keeps all of it.
const maxCommentShown = 200

// detailValue shows the fixed words among the details in the language: a
// role, an account's source, how a password was set ("detail_value.<it>",
// spaces as underscores). Names, reasons and versions show as stored.
func detailValue(tr *i18n.Translator, key string, v any) any {
	s, ok := v.(string)
	switch {
	case !ok:
		return v
	case key == "role":
		return tr.Value(models.ValuePrefix, s)
	case key == "how" || key == "source":
		return tr.Value("detail_value.", strings.ReplaceAll(s, " ", "_"))
	}
	return v
}

// changeLabel names a changed field: a request field's, a user field's,
// a host's or a policy's label, else the label stored with the change.
func changeLabel(tr *i18n.Translator, change map[string]any) any {
	if key, ok := change["field"].(string); ok && key != "" {
		for _, id := range []string{"field." + key, "user." + key, "hosts." + key, "policies." + key} {
			if s := tr.T(id); s != id {
				return s
			}
		}
	}
	return change["label"]
}

// shownValue is an old or new value of a change: stored words (Yes,
// Pending) in the language, "(empty)" for nothing.
func shownValue(tr *i18n.Translator, v any) any {
	if v == nil || v == "" {
		return tr.T("common.empty")
	}
	if s, ok := v.(string); ok {
		return tr.Value(models.ValuePrefix, s)
	}
	return v
}

// AuditLink returns the page of the entry's object, or "".
func AuditLink(e models.AuditEntry) string {
	if e.ObjectID == "" {
		return ""
	}
	switch e.ObjectType {
	case "vm_request":
		return "/vms/" + e.ObjectID
	case "user":
		return "/users/" + e.ObjectID + "/edit"
	case "virtual_host":
		return "/hosts"
	case "approval_policy":
		return "/policies"
	}
	return ""
}
