package models

import (
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"vmportal/i18n"
)

// VLAN is one VLAN of a request.
type VLAN struct {
	ID          int64
	VMRequestID int64
	Position    int
	VLANID      int `gorm:"column:vlan_id"`
	Name        string

	formRow int // 1-based row of the form it came from (0: not from a form)
}

// TableName maps VLAN to the vm_vlans table.
func (VLAN) TableName() string { return "vm_vlans" }

// LoadVLANs fills the VLANs of the given requests with one query.
func LoadVLANs(db *gorm.DB, requests ...*VMRequest) error {
	if len(requests) == 0 {
		return nil
	}
	byID := make(map[int64]*VMRequest, len(requests))
	ids := make([]int64, 0, len(requests))
	for _, r := range requests {
		r.VLANs = []VLAN{}
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	var vlans []VLAN
	if err := db.Where("vm_request_id IN ?", ids).Order("vm_request_id, position").Find(&vlans).Error; err != nil {
		return fmt.Errorf("models: load vlans: %w", err)
	}
	for _, v := range vlans {
		r := byID[v.VMRequestID]
		r.VLANs = append(r.VLANs, v)
	}
	return nil
}

// VLANSummary shows the VLANs compactly, e.g. "10 (web), 20".
func VLANSummary(vlans []VLAN) string {
	parts := make([]string, len(vlans))
	for i, v := range vlans {
		parts[i] = fmt.Sprint(v.VLANID)
		if v.Name != "" {
			parts[i] += " (" + v.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// VLANRow is one VLAN row as a person typed it on the form.
type VLANRow struct {
	ID   string
	Name string
}

// VLANRows are r's VLANs as the form shows them for editing.
func VLANRows(vlans []VLAN) []VLANRow {
	rows := make([]VLANRow, len(vlans))
	for i, v := range vlans {
		rows[i] = VLANRow{ID: strconv.Itoa(v.VLANID), Name: v.Name}
	}
	return rows
}

// SetVLANRows reads the form's VLAN rows into r, skipping rows left blank.
// An ID that is not a number is reported against its row, as submitted;
// the other rules are checked by Validate, against the same rows.
func SetVLANRows(r *VMRequest, rows []VLANRow) FieldErrors {
	fe := FieldErrors{}
	r.VLANs = []VLAN{}
	for i, row := range rows {
		id, name := strings.TrimSpace(row.ID), strings.TrimSpace(row.Name)
		if id == "" && name == "" {
			continue // an empty row added and left blank
		}
		n, err := strconv.Atoi(id)
		if err != nil {
			fe.Add(vlanField(i, "vlan_id"), vlanIDMessage)
			n = 0
		}
		r.VLANs = append(r.VLANs, VLAN{Position: len(r.VLANs), VLANID: n, Name: name, formRow: i + 1})
	}
	return fe
}

// VLANText writes VLANs on one line, as CSV cells carry them: "10:web;20".
func VLANText(vlans []VLAN) string {
	parts := make([]string, len(vlans))
	for i, v := range vlans {
		parts[i] = strconv.Itoa(v.VLANID)
		if v.Name != "" {
			parts[i] += ":" + v.Name
		}
	}
	return strings.Join(parts, ";")
}

// ParseVLANText reads VLANText's format back. Errors are keyed like the
// form's rows ("vlans.1.vlan_id").
func ParseVLANText(text string) ([]VLAN, FieldErrors) {
	r := &VMRequest{}
	fe := SetVLANRows(r, VLANTextRows(text))
	return r.VLANs, fe
}

// VLANTextRows splits VLANText's format into rows as a form would post
// them ("10:web;20" → {10 web} {20}), empty parts skipped; a name may hold
// colons, only the first one separates it from the ID.
func VLANTextRows(text string) []VLANRow {
	var rows []VLANRow
	for _, part := range strings.Split(text, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		id, name, _ := strings.Cut(part, ":")
		rows = append(rows, VLANRow{ID: id, Name: name})
	}
	return rows
}

var vlanIDMessage = i18n.M("validation.vlan_id", "Max", MaxVLANID)

func (r *VMRequest) validateVLANs(fe FieldErrors) {
	if len(r.VLANs) > MaxVLANs {
		fe.Add("vlans", i18n.M("validation.vlans_max", "Max", MaxVLANs, "Count", len(r.VLANs)))
	}
	seen := map[int]bool{}
	for i, v := range r.VLANs {
		row := i
		if v.formRow > 0 {
			row = v.formRow - 1 // report against the row as submitted
		}
		switch {
		case v.VLANID < 1 || v.VLANID > MaxVLANID:
			fe.Add(vlanField(row, "vlan_id"), vlanIDMessage)
		case seen[v.VLANID]:
			fe.Add(vlanField(row, "vlan_id"), i18n.M("validation.vlan_twice", "ID", v.VLANID))
		}
		seen[v.VLANID] = true
		if len([]rune(v.Name)) > MaxVLANName {
			fe.Add(vlanField(row, "name"), i18n.M("validation.vlan_name_long", "Max", MaxVLANName))
		}
	}
}

// vlanField names the field of VLAN row i in FieldErrors.
func vlanField(i int, field string) string { return fmt.Sprintf("vlans.%d.%s", i, field) }
