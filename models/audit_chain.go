package models

import (
	"bytes"
	"encoding/hex"
	"fmt"

	"gorm.io/gorm"
)

// ChainReport is the outcome of walking the audit trail's hash chain.
type ChainReport struct {
	Rows     int64  // rows checked
	BrokenAt int64  // id of the first row that does not match; 0 when intact
	Problem  string // what is wrong at BrokenAt
	HeadHash string // hex hash of the last row: record it elsewhere to anchor the chain
}

// OK reports whether the whole chain matched.
func (r *ChainReport) OK() bool { return r.BrokenAt == 0 }

// VerifyAuditChain walks audit_log in id order, streaming, and recomputes
// each row's hash with the same SQL function the insert trigger uses. A row
// whose content was altered no longer matches its own hash; a removed row
// leaves the next one pointing at a hash that is not its predecessor's.
func VerifyAuditChain(db *gorm.DB) (*ChainReport, error) {
	rows, err := db.Raw(`SELECT id, prev_hash, hash, audit_log_row_hash(prev_hash, a) AS expected
		FROM audit_log a ORDER BY id`).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: verify audit chain: %w", err)
	}
	defer rows.Close()
	report := &ChainReport{}
	var last []byte
	for rows.Next() {
		var id int64
		var prev, hash, expected []byte
		if err := rows.Scan(&id, &prev, &hash, &expected); err != nil {
			return nil, fmt.Errorf("models: verify audit chain: %w", err)
		}
		report.Rows++
		switch {
		case !bytes.Equal(prev, last):
			report.BrokenAt = id
			report.Problem = "its link to the previous row does not match: a row before it was removed or altered"
		case !bytes.Equal(hash, expected):
			report.BrokenAt = id
			report.Problem = "its content does not match its hash: the row was altered"
		}
		if report.BrokenAt != 0 {
			return report, nil
		}
		last = hash
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: verify audit chain: %w", err)
	}
	report.HeadHash = hex.EncodeToString(last)
	return report, nil
}
