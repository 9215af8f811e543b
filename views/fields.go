package views

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"vmportal/models"
)

// The helpers in this file turn the request field descriptions
// (models.RequestFields) into form controls, table cells and detail lines,
// so a field added to the description shows up on every page by itself.

// formSection is one fieldset of the request form.
type formSection struct {
	Name   string
	List   bool // the VLAN rows: a widget of their own
	Fields []*models.Field
}

// formSections groups the form fields by section, in form order.
func formSections() []formSection {
	var out []formSection
	for _, f := range models.FormFields() {
		if len(out) == 0 || out[len(out)-1].Name != f.Section {
			out = append(out, formSection{Name: f.Section})
		}
		s := &out[len(out)-1]
		s.Fields = append(s.Fields, f)
		s.List = s.List || f.Kind == models.KindList
	}
	return out
}

// fieldControl is what partials/field renders: one labelled control, its
// label and message in the page's language.
type fieldControl struct {
	*models.Field
	Label            string
	ID, Value, Error string
	Attrs            template.HTMLAttr
	Disabled         bool   // an EnabledBy field whose yes/no field is No
	Enables          string // the id of the field this yes/no field enables
}

// newFieldControl builds the control of f from the form's text and errors.
func (v viewFuncs) newFieldControl(f *models.Field, text map[string]string, errs models.FieldErrors) fieldControl {
	c := fieldControl{Field: f, Label: v.label(f), ID: "f-" + f.Key, Value: text[f.Key], Error: v.fieldError(errs, f.Key)}
	if f.EnabledBy != "" {
		c.Disabled = text[f.EnabledBy] != "Yes"
	}
	for _, other := range models.FormFields() {
		if other.EnabledBy == f.Key {
			c.Enables = "f-" + other.Key
		}
	}
	c.Attrs = htmlAttrs(controlAttrs(f))
	return c
}

// controlAttrs are the HTML attributes that mirror the field's rules; the
// server stays the authority.
func controlAttrs(f *models.Field) [][2]string {
	var a [][2]string
	add := func(k, v string) { a = append(a, [2]string{k, v}) }
	switch f.Kind {
	case models.KindInt:
		add("type", "number")
		add("min", fmt.Sprint(f.Min))
		add("max", fmt.Sprint(f.Max))
		add("step", "1")
		add("inputmode", "numeric")
	case models.KindDate:
		add("type", "date")
	case models.KindEmail:
		add("type", "email")
		add("maxlength", "254")
	case models.KindText:
		if !f.Long {
			add("type", "text")
		}
		if f.Max > 0 {
			add("maxlength", fmt.Sprint(f.Max))
		}
	}
	if f.Pattern != nil {
		add("pattern", f.Pattern.String())
		add("spellcheck", "false")
	}
	if f.Suggest {
		add("list", "dl-"+f.Key)
	}
	if f.Required {
		add("required", "")
	}
	return a
}

// htmlAttrs writes attribute pairs escaped; an empty value is a bare
// boolean attribute.
func htmlAttrs(pairs [][2]string) template.HTMLAttr {
	var b strings.Builder
	for _, p := range pairs {
		b.WriteString(" " + html.EscapeString(p[0]))
		if p[1] != "" {
			b.WriteString(`="` + html.EscapeString(p[1]) + `"`)
		}
	}
	return template.HTMLAttr(b.String())
}

// columnFields are the list's columns after the name and status;
// detailFields those it shows in each row's details instead (listRows).
// Both are computed once: the list asks for them on every row.
var columnFields, detailFields = func() (cols, details []*models.Field) {
	for _, f := range models.FormFields() {
		switch {
		case f.Key == "vm_name":
		case f.Column:
			cols = append(cols, f)
		default:
			details = append(details, f)
		}
	}
	return cols, details
}()

// listCell is one cell of the request list.
type listCell struct {
	Text, Class string
}

// newListCell shows f of r in the list: numbers aligned right, long text
// cut short, VLANs small.
func (v viewFuncs) newListCell(f *models.Field, r *models.VMRequest) listCell {
	c := listCell{Text: v.show(f, f.Display(r))}
	switch {
	case f.Kind == models.KindInt:
		c.Class = "text-end"
	case f.Kind == models.KindDate:
		c.Class = "text-nowrap"
	case f.Long:
		c.Text, c.Class = truncate(c.Text, 80), "small notes-cell"
	case f.Kind == models.KindList:
		c.Class = "small"
	}
	if c.Text == "" {
		c.Text = "—"
	}
	return c
}

// show puts text, f's value as Field.Display writes it, into the page's
// language: numbers grouped, dates in the language's order, Yes/No and
// choices in words. Anything else (names, notes) is shown as typed.
func (v viewFuncs) show(f *models.Field, text string) string {
	switch f.Kind {
	case models.KindInt:
		if n, err := strconv.Atoi(text); err == nil {
			return v.tr.Number(n)
		}
	case models.KindDate:
		if d, err := time.Parse(models.DateLayout, text); err == nil {
			return v.tr.Date(d)
		}
	case models.KindYesNo, models.KindChoice:
		return v.value(text)
	}
	return text
}
