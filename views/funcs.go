package views

import (
	"fmt"
	"html/template"
	"strings"

	"vmportal/i18n"
	"vmportal/models"
)

// Funcs are the helpers templates may call, speaking tr's language (one
// template set is parsed per language, see web.Views). They format and
// assemble view data; they never compute business results (those come from
// the controllers and models).
//
// Words: {{t "id"}}, {{t "id" "Name" .VMName}} (name/value pairs) or
// {{t .Message}} for an i18n.Message a model or controller made;
// {{tHTML "id_html"}} for an entry that holds markup; {{value .Status}}
// for a stored value (status, Yes/No, role); {{label .Field}} for a
// request field's label; {{fieldError .Errors "role"}} for one field's
// message.
func Funcs(tr *i18n.Translator) template.FuncMap {
	v := viewFuncs{tr}
	return template.FuncMap{
		"t":            v.t,
		"tHTML":        tr.HTML,
		"value":        v.value,
		"label":        v.label,
		"fieldError":   v.fieldError,
		"date":         tr.Date,
		"datetime":     tr.DateTime,
		"number":       tr.Number,
		"statusClass":  statusClass,
		"input":        v.newInput,
		"sections":     formSections,
		"field":        v.newFieldControl,
		"show":         v.show,
		"vlanRow":      v.newVLANRow,
		"add":          func(a, b int) int { return a + b },
		"actionLabel":  func(action string) string { return ActionLabel(tr, action) },
		"auditLink":    AuditLink,
		"auditDetails": func(e models.AuditEntry) []string { return AuditDetailLines(tr, e) },
		"fieldID":      fieldID,
		"chartClass":   chartClass,
		"listRows":     v.listRows,
		"snapshot":     v.snapshot,
		"historyList":  v.historyList,
		"usageBars":    v.usageBars,
		"pagination":   v.pagination,
		"sortHeaders":  v.sortHeaders,
		"options":      datalistOptions,
		"filterFields": filterFields,
		"filterValue":  filterValue,
	}
}

// viewFuncs are the template functions that need the page's language.
type viewFuncs struct{ tr *i18n.Translator }

// t is a catalog text: an ID with name/value pairs, or a Message.
func (v viewFuncs) t(msg any, pairs ...any) string {
	switch m := msg.(type) {
	case i18n.Message:
		return v.tr.Text(m)
	case string:
		return v.tr.T(m, pairs...)
	}
	return fmt.Sprint(msg)
}

// value shows a stored value (a status, Yes/No, a role, a backup
// frequency) in words; other values as they are.
func (v viewFuncs) value(s string) string { return v.tr.Value(models.ValuePrefix, s) }

// label is a request field's label.
func (v viewFuncs) label(f *models.Field) string { return v.tr.Text(f.LabelMessage()) }

// fieldError is the message of field in errs, or "".
func (v viewFuncs) fieldError(errs models.FieldErrors, field string) string {
	return v.tr.Text(errs[field])
}

// truncate shortens s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// statusClass is the Bootstrap badge colour of a request status; the
// colours keep white or dark text above 4.5:1 contrast.
func statusClass(status string) string {
	switch status {
	case models.StatusPending:
		return "text-bg-warning"
	case models.StatusApproved:
		return "text-bg-primary"
	case models.StatusRejected:
		return "text-bg-danger"
	case models.StatusActive:
		return "text-bg-success"
	case models.StatusCancelled:
		return "text-bg-secondary"
	case models.StatusDecommissioned:
		return "text-bg-dark"
	}
	return "text-bg-secondary"
}

// formInput is what partials/input renders: one labelled form control with
// its error message.
type formInput struct {
	Name, Label, Value, Error string
	Attrs                     template.HTMLAttr
}

// newInput builds a formInput. attrs is a constant list written in the
// template ("type=number min=1 max=128 required"); each pair becomes an
// escaped HTML attribute.
// label is a catalog ID.
func (v viewFuncs) newInput(name, label, value string, errs models.FieldErrors, attrs string) formInput {
	var pairs [][2]string
	for _, a := range strings.Fields(attrs) {
		k, v, _ := strings.Cut(a, "=")
		pairs = append(pairs, [2]string{k, v})
	}
	return formInput{Name: name, Label: v.tr.T(label), Value: value, Error: v.fieldError(errs, name), Attrs: htmlAttrs(pairs)}
}

// vlanRow is what partials/vlan_row renders.
type vlanRow struct {
	Index              int
	ID, Name           string
	IDError, NameError string
}

// newVLANRow builds row i of the VLAN list with its errors (keys as the
// model names them: "vlans.<i>.vlan_id").
func (v viewFuncs) newVLANRow(i int, id, name string, errs models.FieldErrors) vlanRow {
	return vlanRow{Index: i, ID: id, Name: name,
		IDError:   v.fieldError(errs, fmt.Sprintf("vlans.%d.vlan_id", i)),
		NameError: v.fieldError(errs, fmt.Sprintf("vlans.%d.name", i))}
}

// fieldID is the HTML id of the control a field error belongs to:
// "cpus" → "f-cpus", "vlans.2.vlan_id" → "vlan-id-2".
func fieldID(field string) string {
	var row int
	var name string
	if n, _ := fmt.Sscanf(strings.ReplaceAll(field, ".", " "), "vlans %d %s", &row, &name); n == 2 {
		return fmt.Sprintf("vlan-%s-%d", strings.ReplaceAll(strings.TrimPrefix(name, "vlan_"), "_", "-"), row)
	}
	if field == "vlans" {
		return "vlans-help"
	}
	return "f-" + field
}
