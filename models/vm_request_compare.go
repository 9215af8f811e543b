package models

import (
	"slices"

	"vmportal/i18n"
)

// How a compared row differs, beside an ordinary field's old → new.
const (
	VLANAdded   = "added"
	VLANRemoved = "removed"
	VLANRenamed = "renamed"
	VLANMoved   = "moved" // the same VLANs, in another order
)

// ComparedField is one row of a comparison of two versions: a field whose
// shown value differs, or one VLAN that was added, removed or renamed.
type ComparedField struct {
	Label i18n.Message // the field's label, or how a VLAN row differs
	From  string       // the value in the first version ("" when absent)
	To    string       // the value in the second version
	VLAN  string       // for a VLAN row, how it differs (VLANAdded, …); else ""
}

// Compare lists what differs between two versions of a request, in form
// order. VLANs are matched by VLAN ID, so each one that was added, removed
// or renamed is a row of its own; the same VLANs in another order are one
// "VLANs" row.
func Compare(from, to Snapshot) []ComparedField {
	out := []ComparedField{}
	for _, c := range Diff(from, to) {
		f := FieldByKey(c.Field)
		if f.Kind == KindList {
			out = append(out, compareVLANs(f.LabelMessage(), from.r.VLANs, to.r.VLANs)...)
			continue
		}
		out = append(out, ComparedField{Label: f.LabelMessage(), From: c.Old, To: c.New})
	}
	return out
}

// compareVLANs lists the VLANs of from missing from to (removed), those
// whose name changed (renamed) and those new in to (added), each in the
// order of the version it is in.
func compareVLANs(label i18n.Message, from, to []VLAN) []ComparedField {
	var out []ComparedField
	find := func(vlans []VLAN, id int) (VLAN, bool) {
		i := slices.IndexFunc(vlans, func(v VLAN) bool { return v.VLANID == id })
		if i < 0 {
			return VLAN{}, false
		}
		return vlans[i], true
	}
	for _, v := range from {
		switch w, ok := find(to, v.VLANID); {
		case !ok:
			out = append(out, vlanRow(VLANRemoved, VLANSummary([]VLAN{v}), ""))
		case w.Name != v.Name:
			out = append(out, vlanRow(VLANRenamed, VLANSummary([]VLAN{v}), VLANSummary([]VLAN{w})))
		}
	}
	for _, w := range to {
		if _, ok := find(from, w.VLANID); !ok {
			out = append(out, vlanRow(VLANAdded, "", VLANSummary([]VLAN{w})))
		}
	}
	if len(out) == 0 { // same VLANs and names: only the order changed
		out = append(out, ComparedField{Label: i18n.M("compare.vlans_order", "Label", label), From: VLANSummary(from), To: VLANSummary(to), VLAN: VLANMoved})
	}
	return out
}

func vlanRow(how, from, to string) ComparedField {
	return ComparedField{Label: i18n.M("compare.vlan_" + how), From: from, To: to, VLAN: how}
}
