package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"vmportal/i18n"
)

// Limits of a request import (a CSV file of new requests).
const (
	MaxImportRows  = 10_000
	MaxImportBytes = 5 << 20 // 5 MB
)

// ImportRow is one data line of an import file: its line number in the
// file, the request read from it, and every rule it breaks, keyed by field
// as the form's errors are.
type ImportRow struct {
	Line    int
	Request *VMRequest
	Errors  FieldErrors
}

// ReadImportRow reads one line of an import (each form field's text by
// key, the VLANs in VLANText's format under "vlans") exactly as the form
// would read it, through ReadText and its validation.
func ReadImportRow(line int, text map[string]string) ImportRow {
	r := &VMRequest{}
	fe := ReadText(r, text, VLANTextRows(text["vlans"]))
	return ImportRow{Line: line, Request: r, Errors: fe}
}

// CheckImportNames adds the uniqueness rule to rows: a VM name may be held
// by one request only (ignoring case), so it must not repeat within the
// file nor belong to a stored request that holds its name. One query for
// the whole file.
func CheckImportNames(db *gorm.DB, rows []ImportRow) error {
	first := map[string]int{} // lower-cased name → index of the row that has it first
	var names []string
	for i, row := range rows {
		if _, bad := row.Errors["vm_name"]; bad {
			continue
		}
		key := strings.ToLower(row.Request.VMName)
		if j, seen := first[key]; seen {
			row.Errors.Add("vm_name", i18n.M("vm_import.name_in_file", "Name", row.Request.VMName, "Line", rows[j].Line))
			continue
		}
		first[key] = i
		names = append(names, key)
	}
	if len(names) == 0 {
		return nil
	}
	var taken []string
	// Served by the live-name unique index (lower(vm_name), same predicate).
	err := db.Raw(`SELECT lower(vm_name) FROM vm_requests WHERE lower(vm_name) IN ? AND status NOT IN ?`,
		names, nameFreeingStatuses).Scan(&taken).Error
	if err != nil {
		return fmt.Errorf("models: check imported vm names: %w", err)
	}
	for _, name := range taken {
		if i, ok := first[name]; ok {
			rows[i].Errors.Add("vm_name", duplicateNameMessage(rows[i].Request.VMName))
		}
	}
	return nil
}

// ImportRowError says which request of an import broke a rule when it was
// saved (a name taken since the preview, say); nothing was stored.
type ImportRowError struct {
	Index  int // in the slice given to ImportRequests
	Fields FieldErrors
}

func (e *ImportRowError) Error() string {
	return fmt.Sprintf("models: import row %d: %s", e.Index, (&ValidationError{Fields: e.Fields}).Error())
}

// ImportRequests creates every request in one transaction, each through
// CreateRequest (its validation, history, audit and suggestions), and
// drops the pending import they came from: all of them, or none when one
// fails (an *ImportRowError names it). ErrNotFound means the pending import
// is gone (imported by an earlier click).
func ImportRequests(db *gorm.DB, pendingID int64, requests []*VMRequest) error {
	return db.Transaction(func(tx *gorm.DB) error {
		// Dropping the pending import first locks it: a second click on
		// the same preview waits here, then finds it gone.
		res := tx.Delete(&PendingImport{}, pendingID)
		if res.Error != nil {
			return fmt.Errorf("models: drop pending import %d: %w", pendingID, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		for i, r := range requests {
			err := CreateRequest(tx, r)
			var verr *ValidationError
			if errors.As(err, &verr) {
				return &ImportRowError{Index: i, Fields: verr.Fields}
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// PendingImport is an uploaded import file kept between its preview and
// the click that imports it, so the admin need not upload it twice. Each
// admin has at most one, and none lives longer than pendingImportTTL.
type PendingImport struct {
	ID        int64
	UserID    int64
	Content   []byte
	CreatedAt time.Time
}

// TableName maps PendingImport to the csv_imports table.
func (PendingImport) TableName() string { return "csv_imports" }

// pendingImportTTL is how long an unconfirmed upload is kept.
const pendingImportTTL = 24 * time.Hour

// SavePendingImport keeps content for userID's next import, replacing the
// user's earlier upload, and drops every upload older than a day: the table
// holds at most one file (≤ MaxImportBytes) per admin.
func SavePendingImport(db *gorm.DB, userID int64, content []byte) (*PendingImport, error) {
	p := &PendingImport{UserID: userID, Content: content}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? OR created_at < ?", userID, time.Now().Add(-pendingImportTTL)).
			Delete(&PendingImport{}).Error; err != nil {
			return err
		}
		return tx.Create(p).Error
	})
	if err != nil {
		return nil, fmt.Errorf("models: keep import of user %d: %w", userID, err)
	}
	return p, nil
}

// FindPendingImport returns userID's pending import id, or ErrNotFound
// (another admin's upload, one already imported, or one expired).
func FindPendingImport(db *gorm.DB, id, userID int64) (*PendingImport, error) {
	var p PendingImport
	err := db.Where("id = ? AND user_id = ? AND created_at >= ?", id, userID, time.Now().Add(-pendingImportTTL)).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: find import %d: %w", id, err)
	}
	return &p, nil
}
