package models

import (
	"encoding/json"
	"fmt"
)

// Snapshot is a request's state frozen at one moment, as vm_history stores
// it: the original submission and the state before each change. Its JSON is
// every described field by key (as Field.JSON writes it) and the version.
type Snapshot struct {
	r VMRequest
}

// Snapshot captures r's current state.
func (r *VMRequest) Snapshot() Snapshot {
	s := Snapshot{r: *r}
	s.r.previous, s.r.restoredFrom = nil, 0
	s.r.VLANs = append([]VLAN{}, r.VLANs...)
	return s
}

// Version is the version of the request the snapshot shows.
func (s Snapshot) Version() int { return s.r.Version }

// Request returns a copy of the request as the snapshot holds it: its
// described fields and version (not its owner or timestamps).
func (s Snapshot) Request() VMRequest {
	r := s.r
	r.VLANs = append([]VLAN{}, s.r.VLANs...)
	return r
}

// MarshalJSON writes the snapshot's fields by key.
func (s Snapshot) MarshalJSON() ([]byte, error) {
	out := make(map[string]any, len(RequestFields)+1)
	for _, f := range RequestFields {
		out[f.Key] = f.JSON(&s.r)
	}
	out["version"] = s.r.Version
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON wrote, field by field; a key the
// snapshot was written without (a field added later) stays empty.
func (s *Snapshot) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("models: read snapshot: %w", err)
	}
	s.r = VMRequest{VLANs: []VLAN{}}
	for _, f := range RequestFields {
		if v, ok := raw[f.Key]; ok {
			if msg := f.SetJSON(&s.r, v); !msg.IsZero() {
				return fmt.Errorf("models: read snapshot: %s", msg)
			}
		}
	}
	if v, ok := raw["version"]; ok {
		if err := json.Unmarshal(v, &s.r.Version); err != nil {
			return fmt.Errorf("models: read snapshot version: %w", err)
		}
	}
	return nil
}

// LabeledValue is one field of a snapshot as a page shows it.
type LabeledValue struct {
	*Field
	Value string
}

// Fields lists the snapshot's fields with their labels, in form order.
func (s Snapshot) Fields() []LabeledValue {
	out := make([]LabeledValue, 0, len(RequestFields))
	for _, f := range RequestFields {
		out = append(out, LabeledValue{Field: f, Value: f.Display(&s.r)})
	}
	return out
}

// Change is one field that changed, as old → new text.
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Diff lists the fields whose shown value differs between before and after.
func Diff(before, after Snapshot) []Change {
	changes := []Change{}
	for _, f := range RequestFields {
		o, n := f.Display(&before.r), f.Display(&after.r)
		if o != n {
			changes = append(changes, Change{Field: f.Key, Label: f.Label, Old: o, New: n})
		}
	}
	return changes
}
