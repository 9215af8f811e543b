package views

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"vmportal/models"
)

// Funcs are the helpers templates may call. They format and
// assemble view data; they never compute business results (those come from
// the controllers and models).
func Funcs() template.FuncMap {
	return template.FuncMap{
		"datetime":     datetime,
		"statusClass":  statusClass,
		"input":        newInput,
		"sections":     formSections,
		"field":        newFieldControl,
		"columns":      listColumns,
		"cell":         newListCell,
		"vlanRow":      newVLANRow,
		"add":          func(a, b int) int { return a + b },
		"actionLabel":  ActionLabel,
		"auditLink":    AuditLink,
		"auditDetails": AuditDetailLines,
		"fieldID":      fieldID,
		"monthChart":   newMonthChart,
		"chartClass":   chartClass,
		"sortHeader":   newSortHeader,
		"detailFields": listDetailFields,
		"filterFields": filterFields,
		"filterValue":  filterValue,
	}
}

// datetime shows a timestamp in UTC, to the minute.
func datetime(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return "—"
		}
		t = *x
	}
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
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
func newInput(name, label, value string, errs models.FieldErrors, attrs string) formInput {
	var pairs [][2]string
	for _, a := range strings.Fields(attrs) {
		k, v, _ := strings.Cut(a, "=")
		pairs = append(pairs, [2]string{k, v})
	}
	return formInput{Name: name, Label: label, Value: value, Error: errs[name], Attrs: htmlAttrs(pairs)}
}

// vlanRow is what partials/vlan_row renders.
type vlanRow struct {
	Index              int
	ID, Name           string
	IDError, NameError string
}

// newVLANRow builds row i of the VLAN list with its errors (keys as the
// model names them: "vlans.<i>.vlan_id").
func newVLANRow(i int, id, name string, errs models.FieldErrors) vlanRow {
	return vlanRow{Index: i, ID: id, Name: name,
		IDError: errs[fmt.Sprintf("vlans.%d.vlan_id", i)], NameError: errs[fmt.Sprintf("vlans.%d.name", i)]}
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
