package models_test

import (
	"testing"

	"vmportal/i18n"
	"vmportal/models"
)

// TestPolicyFieldsAreWorkflowFields: the route the policies give a request
// is kept in workflow fields, which the request form never shows, and
// each has its label in every language.
func TestPolicyFieldsAreWorkflowFields(t *testing.T) {
	for _, key := range []string{"approval_policy", "approvals", "policy_note"} {
		f := models.FieldByKey(key)
		if f == nil || !f.Workflow {
			t.Fatalf("%s is not a workflow field: %+v", key, f)
		}
		for _, form := range models.FormFields() {
			if form.Key == key {
				t.Errorf("the request form shows %s", key)
			}
		}
		for _, lang := range i18n.Languages {
			if label := i18n.For(lang.Tag).Text(f.LabelMessage()); label == "field."+key || label == "" {
				t.Errorf("%s: no %s label for %s", lang.Tag, "field."+key, key)
			}
		}
	}
}
