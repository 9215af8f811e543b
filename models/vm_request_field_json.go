package models

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"
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
func (f *Field) SetJSON(r *VMRequest, raw json.RawMessage) string {
	v := f.value(r)
	switch f.Kind {
	case KindDate:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return fmt.Sprintf("%s must be a date as \"YYYY-MM-DD\".", f.Label)
		}
		return f.SetText(r, s)
	case KindList:
		var rows []JSONVLAN
		if json.Unmarshal(raw, &rows) != nil {
			return fmt.Sprintf("%s must be a list of {\"id\", \"name\"}.", f.Label)
		}
		r.VLANs = make([]VLAN, len(rows))
		for i, row := range rows {
			r.VLANs[i] = VLAN{Position: i, VLANID: row.ID, Name: row.Name}
		}
		return ""
	case KindChoice:
		if string(raw) == "null" {
			v.SetString("")
			return ""
		}
	}
	ptr := reflect.New(v.Type())
	if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
		return fmt.Sprintf("%s must be %s.", f.Label, f.jsonType())
	}
	v.Set(ptr.Elem())
	return ""
}

// jsonType names the field's JSON type for messages and the API document.
func (f *Field) jsonType() string {
	switch f.Kind {
	case KindInt:
		return "a whole number"
	case KindYesNo:
		return "true or false"
	}
	return "a string"
}

// JSONVLAN is a VLAN as JSON carries it.
type JSONVLAN struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
}
