package controllers_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// sampleText is a valid text for field f: variant 0 or 1, two different
// values every field's rules accept. A new field of a known kind needs no
// change here.
func sampleText(f *models.Field, variant int) string {
	n := variant + 1
	switch f.Kind {
	case models.KindInt:
		return fmt.Sprint(f.Min + n)
	case models.KindDate:
		return fmt.Sprintf("2026-0%d-1%d", n, n)
	case models.KindEmail:
		return fmt.Sprintf("%s.%d@example.com", strings.ReplaceAll(f.Key, "_", "-"), n)
	case models.KindYesNo:
		return []string{"Yes", "No"}[variant]
	case models.KindChoice:
		return f.Choices[variant]
	}
	if f.Pattern != nil { // a hostname-like name
		return fmt.Sprintf("%s-%d", strings.ReplaceAll(f.Key, "_", "-"), n)
	}
	return fmt.Sprintf("Sample %s %d", f.Label, n)
}

// sampleForm fills every described form field with variant 0, and the
// VLANs with one row.
func sampleForm() url.Values {
	form := url.Values{"vlan_id": {"10"}, "vlan_name": {"web"}}
	for _, f := range models.FormFields() {
		if f.Kind != models.KindList {
			form.Set(f.Key, sampleText(f, 0))
		}
	}
	return form
}

// TestEveryDescribedFieldIsStoredListedShownAndDiffed walks the field
// description: each form field is submitted, then edited on its own, and
// must show in the list, on the detail page and in the history's diff.
func TestEveryDescribedFieldIsStoredListedShownAndDiffed(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	form := sampleForm()
	path := submit(t, c, form)
	version := 1
	for _, f := range models.FormFields() {
		t.Run(f.Key, func(t *testing.T) {
			old, next := editField(form, f)
			form.Set("version", fmt.Sprint(version))
			if r := c.PostForm(path+"/edit", form); r.Status != http.StatusSeeOther {
				t.Fatalf("edit %s to %q: %d\n%s", f.Key, next, r.Status, r.Body)
			}
			version++
			list := c.Get("/vms?q=" + url.QueryEscape(form.Get("vm_name")))
			if !strings.Contains(list.Body, ">"+html.EscapeString(next)) {
				t.Errorf("list does not show %s = %q", f.Label, next)
			}
			detail := c.Get(path)
			change := fmt.Sprintf(`%s</span>: <del>%s</del> → <ins>%s</ins>`,
				html.EscapeString(f.Label), html.EscapeString(orEmpty(old)), html.EscapeString(next))
			if !strings.Contains(detail.Body, change) {
				t.Errorf("history does not show the change of %s: %s", f.Label, change)
			}
			if !strings.Contains(detail.Body, "<dt class=\"col-sm-5\">"+html.EscapeString(f.Label)+"</dt>") {
				t.Errorf("detail page does not list %s", f.Label)
			}
		})
	}
}

// editField switches f in form to its other sample value (and what depends
// on it) and returns the field's old and new text as pages show it.
func editField(form url.Values, f *models.Field) (old, next string) {
	if f.Kind == models.KindList {
		form["vlan_id"], form["vlan_name"] = []string{"20"}, []string{"db"}
		return "10 (web)", "20 (db)"
	}
	old, next = form.Get(f.Key), sampleText(f, 1)
	if old == next {
		next = sampleText(f, 0)
	}
	form.Set(f.Key, next)
	if f.EnabledBy != "" {
		form.Set(f.EnabledBy, "Yes") // the field applies only then
	}
	for _, dep := range models.FormFields() {
		if dep.EnabledBy == f.Key { // No empties what it enables, Yes needs it filled
			form.Set(dep.Key, map[string]string{"Yes": sampleText(dep, 0), "No": ""}[next])
		}
	}
	return old, next
}

// orEmpty is how the history shows an empty value.
func orEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}
