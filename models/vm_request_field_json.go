package models

import (
	"encoding/json"
	"reflect"
	"time"

	"vmportal/i18n"
)

// JSON is the field of r as the API, the history and webhooks carry it:
// numbers, booleans, "YYYY-MM-DD" dates, null for an empty choice, VLANs
// as [{"id": 10, "name": "web"}].
func (f *Field) JSON(r *VMRequest) any {
	v := f.value(r)
	switch f.Kind {
	case KindDate:
		return formatDate(v.Interface().(time.Time))
	case KindChoice:
		if v.String() == "" && !f.Required {
			return nil
		}
	case KindList:
		out := make([]JSONVLAN, len(r.VLANs))
		for i, vl := range r.VLANs {
			out[i] = JSONVLAN{ID: vl.VLANID, Name: vl.Name}
		}
		return out
	}
	return v.Interface()
}

// SetJSON reads the field's JSON value (as JSON returns it) into r. It
// returns a message when the value has the wrong type.
func (f *Field) SetJSON(r *VMRequest, raw json.RawMessage) i18n.Message {
	v := f.value(r)
	switch f.Kind {
	case KindDate:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return f.msg("validation.json_date")
		}
		return f.SetText(r, s)
	case KindList:
		var rows []JSONVLAN
		if json.Unmarshal(raw, &rows) != nil {
			return f.msg("validation.json_vlans")
		}
		r.VLANs = make([]VLAN, len(rows))
		for i, row := range rows {
			r.VLANs[i] = VLAN{Position: i, VLANID: row.ID, Name: row.Name}
		}
		return i18n.Message{}
	case KindChoice:
		if string(raw) == "null" {
			v.SetString("")
			return i18n.Message{}
		}
	}
	ptr := reflect.New(v.Type())
	if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
		return f.msg("validation.json_type", "Type", i18n.M("json_type."+f.jsonType()))
	}
	v.Set(ptr.Elem())
	return i18n.Message{}
}

// jsonType names the field's JSON type for messages ("json_type.<it>" in
// the catalogs) and the API document.
func (f *Field) jsonType() string {
	switch f.Kind {
	case KindInt:
		return "integer"
	case KindYesNo:
		return "boolean"
	}
	return "string"
}

// JSONVLAN is a VLAN as JSON carries it.
type JSONVLAN struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
}
