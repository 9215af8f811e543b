package views_test

import (
	"testing"

	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// TestEveryAuditActionHasALabel: the audit trail names every action it
// can filter by in each language, not by its stored identifier.
func TestEveryAuditActionHasALabel(t *testing.T) {
	for _, lang := range i18n.Languages {
		tr := i18n.For(lang.Tag)
		for _, action := range models.AuditActions {
			if views.ActionLabel(tr, action) == action {
				t.Errorf("%s: audit action %q has no label", lang.Tag, action)
			}
		}
	}
}
