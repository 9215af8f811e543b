package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AuditActions lists every action, in the order the audit filter offers
// them.
var AuditActions = []string{
	ActionLogin, ActionLoginDirectory, ActionLoginFailed, ActionLogout,
	ActionRequestCreated, ActionRequestUpdated, ActionRequestApproved, ActionRequestRejected, ActionRequestActive,
	ActionRequestCancelled, ActionRequestDecommissioned, ActionRequestCommented, ActionRequestRestored,
	ActionRequestApprovalRecorded, ActionRequestOverCapacity,
	ActionUserCreated, ActionUserChanged, ActionPasswordChanged, ActionPasswordCheckFailed,
	ActionTokenCreated, ActionTokenRevoked, ActionTokenNewAddress,
	ActionHostCreated, ActionHostUpdated, ActionHostRetired,
	ActionPolicyCreated, ActionPolicyUpdated, ActionPolicyMoved, ActionPolicyDeleted,
	ActionWebhookCreated, ActionWebhookChanged, ActionWebhookDeleted,
}

// IsAuditAction reports whether action is one of the known actions.
func IsAuditAction(action string) bool {
	return slices.Contains(AuditActions, action)
}

// AuditFilter narrows the audit trail. Zero fields do not filter.
type AuditFilter struct {
	User   string    // actor's username (or the one tried, for failed logins), any case
	Action string    // one of the Action… constants
	Object string    // a request or user id ("42", "#42"), or a VM name / username
	From   time.Time // first day included (UTC)
	To     time.Time // last day included (UTC)
}

// AuditPage is one page of the audit trail.
type AuditPage struct {
	Pager
	Items []AuditEntry
}

// ListAudit returns page (1-based) of the entries matching f, newest first.
func ListAudit(db *gorm.DB, f AuditFilter, page int) (*AuditPage, error) {
	p := &AuditPage{}
	ahead := pagesAhead
	if f.Object != "" {
		ahead = pagesAheadFiltered // details->>… is checked row by row
	}
	pager, err := paginate(db, f.scope(db), page, ahead, &p.Items)
	if err != nil {
		return nil, fmt.Errorf("models: list audit log: %w", err)
	}
	p.Pager = pager
	return p, nil
}

// AuditBefore returns up to limit entries matching f with ids below
// before (0: from the newest), newest first, and whether more follow: the
// API's cursor pages, stable while new entries are appended.
func AuditBefore(db *gorm.DB, f AuditFilter, before int64, limit int) ([]AuditEntry, bool, error) {
	q := f.scope(db)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var rows []AuditEntry
	if err := q.Order("id DESC").Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("models: list audit log: %w", err)
	}
	if len(rows) > limit {
		return rows[:limit], true, nil
	}
	return rows, false, nil
}

// EachAudit calls fn for every entry matching f, newest first (the CSV
// export of a large trail). It reads in keyset batches of exportBatch
// (AuditBefore), so neither the database nor the app holds more than a
// batch, and no connection stays taken while a slow client downloads
// the file: a cursor held one for the whole download, a fair share of a
// pool sized to the CPUs (see database.Open).
func EachAudit(db *gorm.DB, f AuditFilter, fn func(*AuditEntry) error) error {
	var before int64
	for {
		rows, more, err := AuditBefore(db, f, before, exportBatch)
		if err != nil {
			return err
		}
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
		before = rows[len(rows)-1].ID
	}
}

func (f AuditFilter) scope(db *gorm.DB) *gorm.DB {
	q := db.Model(&AuditEntry{})
	if u := strings.TrimSpace(f.User); u != "" {
		q = q.Where("lower(actor_username) = lower(?)", u)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if o := strings.TrimPrefix(strings.TrimSpace(f.Object), "#"); o != "" {
		if _, err := strconv.ParseInt(o, 10, 64); err == nil {
			q = q.Where("object_id = ?", o)
		} else {
			// A VM name (request actions) or a username (user actions),
			// both kept in the details.
			q = q.Where("lower(details->>'vm_name') = lower(?) OR lower(details->>'username') = lower(?)", o, o)
		}
	}
	if !f.From.IsZero() {
		q = q.Where("occurred_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("occurred_at < ?", f.To.AddDate(0, 0, 1))
	}
	return q
}
