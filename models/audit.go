package models

import (
	"fmt"
	"net"
	"time"

	"gorm.io/gorm"
)

// Audit actions (SPEC §3). The names are stable: reports and filters use them.
const (
	ActionLogin           = "login"
	ActionLoginFailed     = "login.failed"
	ActionLogout          = "logout"
	ActionRequestCreated  = "request.created"
	ActionRequestUpdated  = "request.updated"
	ActionRequestApproved = "request.approved"
	ActionRequestRejected = "request.rejected"
	ActionRequestActive   = "request.activated"
	ActionUserCreated     = "user.created"
	ActionUserChanged     = "user.changed"
	ActionPasswordChanged = "password.changed"
)

// Audit actions of the request lifecycle's endings (SPEC §8).
const (
	ActionRequestCancelled      = "request.cancelled"
	ActionRequestDecommissioned = "request.decommissioned"
	// ActionRequestCommented is a comment added to a request.
	ActionRequestCommented = "request.commented"
	// ActionRequestRestored is a request saved back to one of its earlier
	// versions (details: restored_from).
	ActionRequestRestored = "request.restored"
)

// Audit actions of virtual hosts, approval policies and capacity (SPEC §13).
const (
	ActionHostCreated   = "host.created"
	ActionHostUpdated   = "host.updated"
	ActionHostRetired   = "host.retired"
	ActionPolicyCreated = "policy.created"
	ActionPolicyUpdated = "policy.updated"
	ActionPolicyMoved   = "policy.moved"
	ActionPolicyDeleted = "policy.deleted"
	// ActionRequestApprovalRecorded is the first of two required
	// approvals: the request stays Pending.
	ActionRequestApprovalRecorded = "request.approval_recorded"
	// ActionRequestOverCapacity is an approval an admin gave past the
	// host's capacity, with the reason.
	ActionRequestOverCapacity = "request.approved_over_capacity"
)

// Audit actions of directory login and of the change-password form's
// current-password check.
const (
	// ActionLoginDirectory is a successful directory login (SPEC §12).
	ActionLoginDirectory = "login.directory"
	// ActionPasswordCheckFailed is a wrong current password on the
	// change-password form, or one refused by the throttle.
	ActionPasswordCheckFailed = "password.check_failed"
)

// AuditEntry is one row of the append-only audit trail.
type AuditEntry struct {
	ID            int64
	OccurredAt    time.Time
	ActorID       *int64
	ActorUsername string
	Action        string
	ObjectType    string
	ObjectID      string
	Details       map[string]any `gorm:"serializer:json"`
	ClientIP      *string
	UserAgent     string
	PrevHash      []byte `gorm:"->"` // set by the database's chain trigger
	Hash          []byte `gorm:"->"`
}

// TableName maps AuditEntry to the audit_log table.
func (AuditEntry) TableName() string { return "audit_log" }

// AuditObject names what an audit entry is about, e.g. {"user", "7"}.
type AuditObject struct {
	Type string
	ID   string
}

// RecordAudit appends an entry for action on obj, with details, on behalf
// of the actor carried by db's context. Pass the transaction of the change
// being audited, so the entry commits or rolls back with it.
func RecordAudit(db *gorm.DB, action string, obj AuditObject, details map[string]any) error {
	actor := ActorFrom(db.Statement.Context)
	entry := AuditEntry{
		OccurredAt:    db.NowFunc(),
		ActorUsername: truncate(actor.Username, 200),
		Action:        action,
		ObjectType:    obj.Type,
		ObjectID:      obj.ID,
		Details:       details,
		UserAgent:     truncate(actor.UserAgent, 512),
	}
	if entry.Details == nil {
		entry.Details = map[string]any{}
	}
	if actor.UserID != 0 {
		id := actor.UserID
		entry.ActorID = &id
	}
	if ip := net.ParseIP(actor.IP); ip != nil {
		s := ip.String()
		entry.ClientIP = &s
	}
	if err := db.Create(&entry).Error; err != nil {
		return fmt.Errorf("models: record audit %s: %w", action, err)
	}
	return nil
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
