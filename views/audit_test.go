package views

import (
	"slices"
	"testing"

	"vmportal/i18n"
	"vmportal/models"
)

// The audit trail reads in the page's language: action names, changed
// fields by their key, stored words (Yes, Pending, a role, how a password
// was set); names and free text stay as stored. The CSV asks for English.
func TestAuditDetailsInEachLanguage(t *testing.T) {
	e := models.AuditEntry{Action: models.ActionRequestUpdated, Details: map[string]any{
		"changes": []any{
			map[string]any{"field": "backup_required", "label": "Backup Required", "old": "Yes", "new": "No"},
			map[string]any{"field": "notes", "label": "Notes", "old": "", "new": "racked"},
			map[string]any{"field": "gone_field", "label": "Gone Field", "old": "a", "new": "b"},
		},
		"vm_name": "web-01", "how": "reset by an admin", "role": "admin",
	}}
	for _, tc := range []struct {
		lang, action string
		lines        []string
	}{
		{i18n.English, "Request updated", []string{"Backup Required: Yes → No", "Notes: (empty) → racked", "Gone Field: a → b",
			"vm name: web-01", "role: admin", "how: reset by an admin"}},
		{i18n.Spanish, "Solicitud modificada", []string{"Requiere copia de seguridad: Sí → No", "Notas: (vacío) → racked",
			"Gone Field: a → b", "nombre de la vm: web-01", "rol: administrador", "cómo: restablecida por un administrador"}},
	} {
		tr := i18n.For(tc.lang)
		if got := ActionLabel(tr, e.Action); got != tc.action {
			t.Errorf("%s: action %q, want %q", tc.lang, got, tc.action)
		}
		if got := AuditDetailLines(tr, e); !slices.Equal(got, tc.lines) {
			t.Errorf("%s: details\n%q\nwant\n%q", tc.lang, got, tc.lines)
		}
	}
	if got := ActionLabel(i18n.For(i18n.Spanish), "some.future_action"); got != "some.future_action" {
		t.Errorf("an action without a label shows as %q", got)
	}
}
