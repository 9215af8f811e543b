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
}

// exportBatch is how many requests EachRequest holds at once: memory stays
// flat however many requests match, and each batch is one statement.
const exportBatch = 500

// EachRequest calls fn for every request matching f, newest first, with
// its VLANs and usernames. It reads in keyset batches (id below the last
// one seen), so neither the database nor the app holds more than a batch,
// and a request created during the export cannot shift or repeat a row.
func EachRequest(db *gorm.DB, f RequestFilter, fn func(*ExportRow) error) error {
	var last int64
	for {
		ids := f.scope(db).Select("id").Order("id DESC").Limit(exportBatch)
		if last > 0 {
			ids = ids.Where("id < ?", last)
		}
		var rows []ExportRow
		err := db.Raw(`SELECT r.*, `+vlansJSON+` AS vlans_json,
			coalesce(cu.username, '') AS created_by_name, coalesce(uu.username, '') AS updated_by_name,
			coalesce(du.username, '') AS decided_by_name
			FROM vm_requests r
			LEFT JOIN users cu ON cu.id = r.created_by_id
			LEFT JOIN users uu ON uu.id = r.updated_by_id
			LEFT JOIN users du ON du.id = r.decided_by_id
			WHERE r.id IN (?) ORDER BY r.id DESC`, ids).Scan(&rows).Error
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
		last = rows[len(rows)-1].ID
	}
}
