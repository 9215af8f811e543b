package models

import (
	"time"

	"vmportal/i18n"
)

// RequestFieldOrder is the order of the request form's fields, for error
// summaries.
var RequestFieldOrder = func() []string {
	keys := make([]string, len(RequestFields))
	for i, f := range RequestFields {
		keys[i] = f.Key
	}
	return keys
}()

// ReadText reads a request as a person typed it (a form, a CSV row: each
// form field's text by key, VLANs as rows) into the form fields of r,
// never its status, owner or decision, and returns every rule the input
// breaks, keyed by field ("vm_name", "vlans.2.vlan_id", …).
func ReadText(r *VMRequest, text map[string]string, vlans []VLANRow) FieldErrors {
	fe := SetVLANRows(r, vlans)
	for _, f := range FormFields() {
		if f.Kind == KindList {
			continue
		}
		if msg := f.SetText(r, text[f.Key]); !msg.IsZero() {
			fe.Add(f.Key, msg)
		}
	}
	r.clearDisabled()
	for k, v := range r.Validate() {
		fe.Add(k, v)
	}
	return fe
}

// FormText is r's form fields as text, as the edit form shows them.
func FormText(r *VMRequest) map[string]string {
	text := map[string]string{}
	for _, f := range FormFields() {
		if f.Kind != KindList {
			text[f.Key] = f.Text(r)
		}
	}
	return text
}

// Validate checks every rule on a typed request: each field's own (from its
// description), then the rules across fields. It is the one place the
// rules live: forms report its messages, the save callbacks refuse what it
// refuses, and the schema's CHECKs back it up.
func (r *VMRequest) Validate() FieldErrors {
	fe := FieldErrors{}
	for _, f := range RequestFields {
		if f.EnabledBy != "" {
			r.checkEnabled(fe, f)
		} else if msg := f.Check(r); !msg.IsZero() {
			fe.Add(f.Key, msg)
		}
	}
	switch {
	case r.SecondaryAdminName == "" && r.SecondaryAdminEmail != "":
		fe.Add("secondary_admin_name", i18n.M("validation.secondary_name"))
	case r.SecondaryAdminName != "" && r.SecondaryAdminEmail == "":
		fe.Add("secondary_admin_email", i18n.M("validation.secondary_email"))
	}
	r.validateVLANs(fe)
	return fe
}

// checkEnabled applies a field that only counts when its yes/no field is
// Yes: then it is required; otherwise it must be empty.
func (r *VMRequest) checkEnabled(fe FieldErrors, f *Field) {
	on := FieldByKey(f.EnabledBy)
	if on.value(r).Bool() {
		required := *f
		required.Required = true
		if msg := required.Check(r); !msg.IsZero() {
			fe.Add(f.Key, msg)
		}
		return
	}
	if !f.value(r).IsZero() {
		fe.Add(f.Key, f.msg("validation.must_be_empty", "Other", on.LabelMessage()))
	}
}

// clearDisabled empties the fields whose yes/no field is No: the form
// disables them, so whatever they held means nothing.
func (r *VMRequest) clearDisabled() {
	for _, f := range RequestFields {
		if f.EnabledBy != "" && !FieldByKey(f.EnabledBy).value(r).Bool() {
			f.value(r).SetZero()
		}
	}
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// Today is the current date in UTC, the default Request Date.
func Today() time.Time {
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
