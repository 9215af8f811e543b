package models

import (
	"bytes"
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
// returns a message when the value has the wrong type: null only empties
// an optional choice, and a VLAN has no members but "id" and "name".
func (f *Field) SetJSON(r *VMRequest, raw json.RawMessage) i18n.Message {
	v := f.value(r)
	null := string(bytes.TrimSpace(raw)) == "null"
	switch {
	case null && f.Kind == KindChoice:
		v.SetString("")
		return i18n.Message{}
	case null:
		return f.jsonTypeMessage()
	case f.Kind == KindDate:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return f.jsonTypeMessage()
		}
		return f.SetText(r, s)
	case f.Kind == KindList:
		var rows []JSONVLAN
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if dec.Decode(&rows) != nil {
			return f.jsonTypeMessage()
		}
		r.VLANs = make([]VLAN, len(rows))
		for i, row := range rows {
			r.VLANs[i] = VLAN{Position: i, VLANID: row.ID, Name: row.Name}
		}
		return i18n.Message{}
	}
	ptr := reflect.New(v.Type())
	if err := json.Unmarshal(raw, ptr.Interface()); err != nil {
		return f.jsonTypeMessage()
	}
	v.Set(ptr.Elem())
	return i18n.Message{}
}

// jsonTypeMessage says what JSON type the field takes.
func (f *Field) jsonTypeMessage() i18n.Message {
	switch f.Kind {
	case KindDate:
		return f.msg("validation.json_date")
	case KindList:
		return f.msg("validation.json_vlans")
	}
	return f.msg("validation.json_type", "Type", i18n.M("json_type."+f.jsonType()))
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
