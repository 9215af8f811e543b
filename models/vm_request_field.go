package models

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm/schema"

	"vmportal/i18n"
)

// FieldKind says how a request field is typed, read from text and shown.
type FieldKind string

// The kinds of request fields.
const (
	KindText   FieldKind = "text"   // a string; Max characters
	KindEmail  FieldKind = "email"  // a bare email address
	KindInt    FieldKind = "int"    // a whole number from Min to Max
	KindDate   FieldKind = "date"   // a calendar date, YYYY-MM-DD
	KindYesNo  FieldKind = "yesno"  // a bool, read and shown as Yes / No
	KindChoice FieldKind = "choice" // one of Choices
	KindList   FieldKind = "list"   // the VLANs: rows of their own
)

// Field describes one field of a request: its key (the column, the form
// field, the JSON and history key), its English label (pages show the
// catalog entry "field.<key>"), its kind and rules, and how
// it reads from text and shows on a page. RequestFields lists them; forms,
// validation, history, the list, the detail page, CSV and the API all read
// that one list.
type Field struct {
	Key   string
	Label string
	Kind  FieldKind

	Required bool
	Min, Max int            // KindInt: bounds; KindText: Max characters
	Pattern  *regexp.Regexp // KindText: the value must match
	Hint     i18n.Message   // KindText with Pattern: the message when it does not
	Choices  []string       // KindChoice

	// Section is the form's fieldset the field sits in (its heading is the
	// catalog entry "section.<Section>"); Width its share
	// of a 12-column row on a medium screen. Long text is a textarea.
	Section string
	Width   int
	Long    bool
	// Suggest offers the values already used (a datalist).
	Suggest bool
	// Column makes the field a column of the request list, which can be
	// sorted by it (an index on (column, id) must back that: see
	// migration 0022); the list shows the other fields in each row's
	// details.
	Column bool
	// EnabledBy names the yes/no field that must be Yes for this field to
	// apply; when it is No the field is empty.
	EnabledBy string
	// Workflow fields (status, decision reason) are set by the workflow,
	// never read from a form.
	Workflow bool
	// Default is the value a new request's form starts with (optional).
	Default func(u *User) string

	index []int // the VMRequest struct field holding the value
}

// resolveFields finds where each described field lives in VMRequest, so
// the description and the struct cannot drift: a key without a column
// panics at start-up (and in every test).
func resolveFields(fields []*Field) []*Field {
	t := reflect.TypeFor[VMRequest]()
	names := schema.NamingStrategy{}
	for _, f := range fields {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if columnOf(sf, names) == f.Key || strings.ToLower(sf.Name) == f.Key {
				f.index = sf.Index
			}
		}
		if f.index == nil {
			panic(fmt.Sprintf("models: request field %q has no VMRequest struct field", f.Key))
		}
		// Pages show the catalog's label: one missing, or saying something
		// else in English, stops the start like a field without a column.
		if en := i18n.For(i18n.English).T(f.LabelMessage().ID); en != f.Label {
			panic(fmt.Sprintf("models: request field %q: catalog label %q, want %q", f.Key, en, f.Label))
		}
	}
	return fields
}

// columnOf is the column GORM maps a struct field to. (VLANs, not a
// column, is found by its lower-cased name.)
func columnOf(sf reflect.StructField, names schema.NamingStrategy) string {
	for _, part := range strings.Split(sf.Tag.Get("gorm"), ";") {
		if col, ok := strings.CutPrefix(part, "column:"); ok {
			return col
		}
	}
	return names.ColumnName("", sf.Name)
}

// FieldByKey returns the described field with key, or nil.
func FieldByKey(key string) *Field {
	for _, f := range RequestFields {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// FormFields are the fields a person fills in, in form order (a shared
// slice: read it, do not modify it).
func FormFields() []*Field { return formFields }

// formFields is RequestFields without the workflow fields, computed once:
// forms and lists ask for it on every page.
var formFields = func() []*Field {
	var out []*Field
	for _, f := range RequestFields {
		if !f.Workflow {
			out = append(out, f)
		}
	}
	return out
}()

func (f *Field) value(r *VMRequest) reflect.Value {
	return reflect.ValueOf(r).Elem().FieldByIndex(f.index)
}

// Text is the field of r as a form shows it for editing (and a CSV cell).
func (f *Field) Text(r *VMRequest) string {
	v := f.value(r)
	switch f.Kind {
	case KindInt:
		return strconv.Itoa(int(v.Int()))
	case KindDate:
		return formatDate(v.Interface().(time.Time))
	case KindYesNo:
		return yesNo(v.Bool())
	case KindList:
		return VLANText(r.VLANs)
	}
	return v.String()
}

// Display is the field of r as a page shows it. A workflow number that
// is zero (no approvals yet) shows as empty, like a workflow text not set.
func (f *Field) Display(r *VMRequest) string {
	switch {
	case f.Kind == KindList:
		return VLANSummary(r.VLANs)
	case f.Kind == KindInt && f.Workflow && f.value(r).Int() == 0:
		return ""
	}
	return f.Text(r)
}

// LabelMessage is the field's label as a message, for pages in any
// language and for messages that name the field.
func (f *Field) LabelMessage() i18n.Message { return i18n.M("field." + f.Key) }

// msg is a validation message about f: id with the field's label as
// Label and pairs.
func (f *Field) msg(id string, pairs ...any) i18n.Message {
	return i18n.M(id, append([]any{"Label", f.LabelMessage()}, pairs...)...)
}

// choices are f's choices for a message, in the reader's words.
func (f *Field) choices() i18n.OrList { return i18n.OrList{Items: f.Choices, Prefix: ValuePrefix} }

// ValuePrefix starts the catalog IDs of stored values shown as words
// (statuses, Yes/No, backup frequencies): "value.Pending".
const ValuePrefix = "value."

// SetText reads text as a person typed it into the field of r. It returns
// a message when the text cannot be read at all; rules are checked later
// by Validate. An empty date takes today.
func (f *Field) SetText(r *VMRequest, text string) i18n.Message {
	v := f.value(r)
	if !f.Long {
		text = strings.TrimSpace(text)
	}
	switch f.Kind {
	case KindInt:
		n, err := strconv.Atoi(text)
		if err != nil {
			n = 0 // the range check reports it with the field's own message
		}
		v.SetInt(int64(n))
	case KindDate:
		d := Today()
		if text != "" {
			var err error
			if d, err = time.Parse(DateLayout, text); err != nil {
				return f.msg("validation.date")
			}
		}
		v.Set(reflect.ValueOf(d))
	case KindYesNo:
		if text != "Yes" && text != "No" {
			return f.msg("validation.yes_no")
		}
		v.SetBool(text == "Yes")
	case KindList:
		vlans, fe := ParseVLANText(text)
		r.VLANs = vlans
		if msgs := fe.Ordered([]string{f.Key}); len(msgs) > 0 {
			return msgs[0].Message
		}
	default:
		if f.Long {
			text = strings.ReplaceAll(text, "\r\n", "\n")
		}
		v.SetString(text)
	}
	return i18n.Message{}
}

// Check returns the message for the first rule the field of r breaks, or
// no message. Rules across fields (both-or-neither, EnabledBy) are in Validate.
func (f *Field) Check(r *VMRequest) i18n.Message {
	v := f.value(r)
	switch f.Kind {
	case KindInt:
		if n := int(v.Int()); n < f.Min || n > f.Max {
			return f.msg("validation.int_range", "Min", f.Min, "Max", f.Max)
		}
	case KindDate:
		if v.Interface().(time.Time).IsZero() {
			return f.msg("validation.date")
		}
	case KindText, KindEmail, KindChoice:
		return f.checkString(v.String())
	}
	return i18n.Message{}
}

func (f *Field) checkString(s string) i18n.Message {
	switch {
	case s == "" && f.Required:
		if f.Kind == KindChoice {
			return f.msg("validation.choice", "Choices", f.choices())
		}
		return f.msg("validation.required")
	case s == "":
		return i18n.Message{}
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return f.msg("validation.not_text")
	case f.Kind == KindEmail && !ValidEmail(s):
		return f.msg("validation.email")
	case f.Kind == KindChoice && !slices.Contains(f.Choices, s):
		return f.msg("validation.choice", "Choices", f.choices())
	case f.Max > 0 && len([]rune(s)) > f.Max:
		return f.msg("validation.too_long_count", "Max", f.Max, "Count", len([]rune(s)))
	case f.Pattern != nil && !f.Pattern.MatchString(s):
		return f.Hint
	}
	return i18n.Message{}
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}
