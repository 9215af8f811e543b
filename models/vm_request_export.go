package models

import (
	"fmt"

	"gorm.io/gorm"
)

// ExportRow is a request as the CSV export writes it: the request with its
// VLANs and the usernames of who created it, last changed it and decided
// on it ("" when nobody did or the account is gone).
type ExportRow struct {
	VMRequest
	VLANsJSON     []byte `gorm:"column:vlans_json"`
	CreatedByName string
	UpdatedByName string
	DecidedByName string
	SortKey       string `gorm:"column:sort_key"` // the sort column as text: where the next batch starts
}

// exportBatch is how many requests EachRequest holds at once: memory stays
// flat however many requests match, and each batch is one statement.
const exportBatch = 500

// EachRequest calls fn for every request matching f, in f's order (newest
// first unless sorted, as the list), with its VLANs and usernames. It
// reads in keyset batches (after the last row seen, in that order, on the
// sort's index), so neither the database nor the app holds more than a
// batch, and a request created during the export cannot shift or repeat
// a row.
func EachRequest(db *gorm.DB, f RequestFilter, fn func(*ExportRow) error) error {
	order := f.Sort.orderBy()
	var last *ExportRow
	for {
		ids := f.scope(db).Select(f.Sort.keyColumns()).Order(order).Limit(exportBatch)
		if last != nil {
			cond, args := f.Sort.after(last.SortKey, last.ID)
			ids = ids.Where(cond, args...)
		}
		var rows []ExportRow
		// The outer query orders the batch by the unqualified sort columns
		// (users has an id too).
		err := db.Raw(`SELECT * FROM (SELECT r.*, `+vlansJSON+` AS vlans_json, `+f.Sort.keyText()+` AS sort_key,
			coalesce(cu.username, '') AS created_by_name, coalesce(uu.username, '') AS updated_by_name,
			coalesce(du.username, '') AS decided_by_name
			FROM vm_requests r
			LEFT JOIN users cu ON cu.id = r.created_by_id
			LEFT JOIN users uu ON uu.id = r.updated_by_id
			LEFT JOIN users du ON du.id = r.decided_by_id
			WHERE r.id IN (SELECT id FROM (?) AS ids)) AS e ORDER BY `+order, ids).Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("models: export vm requests: %w", err)
		}
		for i := range rows {
			if err := decodeVLANs(rows[i].VLANsJSON, &rows[i].VMRequest); err != nil {
				return err
			}
			rows[i].VLANsJSON = nil
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		if len(rows) < exportBatch {
			return nil
		}
		last = &rows[len(rows)-1]
	}
}
