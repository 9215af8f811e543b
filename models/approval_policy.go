package models

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"vmportal/i18n"
)

// Policy actions: what a matching policy does with a submitted request.
const (
	// PolicyAutoApprove approves the request at once, as the system,
	// when its host has the capacity.
	PolicyAutoApprove = "auto_approve"
	// PolicyTwoApprovals makes the request wait for two different admins.
	PolicyTwoApprovals = "two_approvals"
)

// PolicyActions lists the actions in the order the form offers them.
var PolicyActions = []string{PolicyAutoApprove, PolicyTwoApprovals}

// MaxPolicyName bounds a policy's name (the schema says the same).
const MaxPolicyName = 100

// ApprovalPolicy routes the requests it matches: every condition set
// (nil or "" means any) must hold. Policies are tried in Position order;
// the first that matches decides.
type ApprovalPolicy struct {
	ID               int64
	Name             string
	Position         int
	MaxCPUs          *int `gorm:"column:max_cpus"`
	MaxRAMGB         *int `gorm:"column:max_ram_gb"`
	MaxDiskGB        *int `gorm:"column:max_disk_gb"`
	PhysicalLocation string
	RequesterRole    string
	Action           string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// PolicyActionLabel is an action as pages name it ("Auto-approve").
func PolicyActionLabel(action string) i18n.Message { return i18n.M("policies.action_" + action) }

// ActionLabel is the policy's action as pages name it.
func (p *ApprovalPolicy) ActionLabel() i18n.Message { return PolicyActionLabel(p.Action) }

// Matches reports whether r, submitted by a user with role, meets every
// condition of p. Physical Location compares ignoring case.
func (p *ApprovalPolicy) Matches(r *VMRequest, role string) bool {
	switch {
	case p.MaxCPUs != nil && r.CPUs > *p.MaxCPUs,
		p.MaxRAMGB != nil && r.RAMGB > *p.MaxRAMGB,
		p.MaxDiskGB != nil && r.DiskGB > *p.MaxDiskGB,
		p.PhysicalLocation != "" && !strings.EqualFold(p.PhysicalLocation, strings.TrimSpace(r.PhysicalLocation)),
		p.RequesterRole != "" && p.RequesterRole != role:
		return false
	}
	return true
}

// PolicyInput is the policy form as typed.
type PolicyInput struct {
	Name, MaxCPUs, MaxRAMGB, MaxDiskGB, PhysicalLocation, RequesterRole, Action string
}

// Input is p as its edit form starts.
func (p *ApprovalPolicy) Input() PolicyInput {
	return PolicyInput{Name: p.Name, MaxCPUs: optionalText(p.MaxCPUs), MaxRAMGB: optionalText(p.MaxRAMGB),
		MaxDiskGB: optionalText(p.MaxDiskGB), PhysicalLocation: p.PhysicalLocation, RequesterRole: p.RequesterRole,
		Action: p.Action}
}

// read checks the input and, when it keeps every rule, copies it into p.
// The bounds of the sizes are the request form's: a larger one would
// match every request anyway.
func (in PolicyInput) read(p *ApprovalPolicy) FieldErrors {
	fe := FieldErrors{}
	name, place := strings.TrimSpace(in.Name), strings.TrimSpace(in.PhysicalLocation)
	checkRequiredText(fe, "name", i18n.M("policies.name"), name, MaxPolicyName)
	if len([]rune(place)) > MaxTextField {
		fe.Add("physical_location", i18n.M("validation.too_long", "Label", i18n.M("policies.physical_location"), "Max", MaxTextField))
	}
	cpus := readOptionalSize(fe, "max_cpus", "cpus", in.MaxCPUs)
	ram := readOptionalSize(fe, "max_ram_gb", "ram_gb", in.MaxRAMGB)
	disk := readOptionalSize(fe, "max_disk_gb", "disk_gb", in.MaxDiskGB)
	if in.RequesterRole != "" && !slices.Contains(Roles, in.RequesterRole) {
		fe.Add("requester_role", i18n.M("policies.role_choice", "Choices", i18n.OrList{Items: Roles, Prefix: ValuePrefix}))
	}
	if !slices.Contains(PolicyActions, in.Action) {
		fe.Add("action", i18n.M("policies.action_choice"))
	}
	if len(fe) == 0 {
		p.Name, p.PhysicalLocation, p.RequesterRole, p.Action = name, place, in.RequesterRole, in.Action
		p.MaxCPUs, p.MaxRAMGB, p.MaxDiskGB = cpus, ram, disk
	}
	return fe
}

// readOptionalSize reads an "at most" condition bounded like the request
// field key: empty means any.
func readOptionalSize(fe FieldErrors, field, key, text string) *int {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	f := FieldByKey(key)
	n, err := strconv.Atoi(text)
	if err != nil || n < f.Min || n > f.Max {
		fe.Add(field, i18n.M("policies.size_range", "Label", f.LabelMessage(), "Min", f.Min, "Max", f.Max))
	}
	return &n
}

func optionalText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// ListPolicies returns every policy in evaluation order.
func ListPolicies(db *gorm.DB) ([]ApprovalPolicy, error) {
	var ps []ApprovalPolicy
	if err := db.Order("position, id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("models: list policies: %w", err)
	}
	return ps, nil
}

// FindPolicy loads the policy with id, or ErrNotFound.
func FindPolicy(db *gorm.DB, id int64) (*ApprovalPolicy, error) {
	var p ApprovalPolicy
	err := db.Take(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: find policy %d: %w", id, err)
	}
	return &p, nil
}

// CreatePolicy adds a policy after the others, audited as policy.created.
func CreatePolicy(db *gorm.DB, in PolicyInput) (*ApprovalPolicy, error) {
	p := &ApprovalPolicy{}
	if fe := in.read(p); len(fe) > 0 {
		return nil, &ValidationError{Fields: fe}
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		// The order is rewritten under this lock (see MovePolicy).
		if err := lockPolicies(tx); err != nil {
			return err
		}
		if err := tx.Raw("SELECT coalesce(max(position), 0) + 1 FROM approval_policies").Scan(&p.Position).Error; err != nil {
			return err
		}
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionPolicyCreated, policyObject(p.ID), p.auditDetails())
	})
	return p, policySaveError("create policy", p.Name, err)
}

// UpdatePolicy changes the policy with id, audited as policy.updated with
// what changed. Requests it routed before keep their route.
func UpdatePolicy(db *gorm.DB, id int64, in PolicyInput) (*ApprovalPolicy, error) {
	var p ApprovalPolicy
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&p, id).Error; err != nil {
			return err
		}
		before := p.auditDetails()
		if fe := in.read(&p); len(fe) > 0 {
			return &ValidationError{Fields: fe}
		}
		if err := tx.Save(&p).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionPolicyUpdated, policyObject(p.ID), map[string]any{
			"name": p.Name, "changes": changedDetails(before, p.auditDetails(), policyLabels)})
	})
	return &p, policySaveError("update policy", strings.TrimSpace(in.Name), err)
}

// DeletePolicy removes the policy with id, audited as policy.deleted.
func DeletePolicy(db *gorm.DB, id int64) (*ApprovalPolicy, error) {
	var p ApprovalPolicy
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&p, id).Error; err != nil {
			return err
		}
		if err := tx.Delete(&p).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionPolicyDeleted, policyObject(p.ID), p.auditDetails())
	})
	return &p, policySaveError("delete policy", "", err)
}

// MovePolicy moves the policy with id one place earlier (by = -1) or
// later (by = +1) in the evaluation order, audited as policy.moved. At
// either end it does nothing. The positions are renumbered 1…n under a
// lock on every policy, so concurrent moves cannot interleave.
func MovePolicy(db *gorm.DB, id int64, by int) (*ApprovalPolicy, error) {
	var moved *ApprovalPolicy
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := lockPolicies(tx); err != nil {
			return err
		}
		ps, err := ListPolicies(tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ps, func(p ApprovalPolicy) bool { return p.ID == id })
		if i < 0 {
			return gorm.ErrRecordNotFound
		}
		moved = &ps[i]
		j := i + by
		if j < 0 || j >= len(ps) {
			return nil
		}
		ps[i], ps[j] = ps[j], ps[i]
		for k := range ps {
			if ps[k].Position != k+1 {
				ps[k].Position = k + 1
				if err := tx.Model(&ps[k]).Update("position", k+1).Error; err != nil {
					return err
				}
			}
		}
		moved = &ps[j]
		return RecordAudit(tx, ActionPolicyMoved, policyObject(id), map[string]any{"name": moved.Name, "position": j + 1})
	})
	return moved, policySaveError("move policy", "", err)
}

// lockPolicies takes a transaction-level lock that serialises changes to
// the policies' order (a row lock would not stop a concurrent insert).
func lockPolicies(tx *gorm.DB) error {
	return tx.Exec("SELECT pg_advisory_xact_lock(hashtext('approval_policies'))").Error
}

// policyLabels are the keys and labels of a policy's audited details.
var policyLabels = [][2]string{
	{"name", "Name"}, {"max_cpus", "At most CPUs"}, {"max_ram_gb", "At most RAM (GB)"}, {"max_disk_gb", "At most Disk (GB)"},
	{"physical_location", "Physical Location"}, {"requester_role", "Requester's role"}, {"action", "Action"},
}

func (p *ApprovalPolicy) auditDetails() map[string]any {
	return map[string]any{
		"name": p.Name, "max_cpus": optionalText(p.MaxCPUs), "max_ram_gb": optionalText(p.MaxRAMGB),
		"max_disk_gb": optionalText(p.MaxDiskGB), "physical_location": p.PhysicalLocation,
		"requester_role": p.RequesterRole, "action": p.ActionLabel().String(), // stored in English, like the record
	}
}

// policySaveError turns a taken name into the form's message and a missing
// policy into ErrNotFound.
func policySaveError(what, name string, err error) error {
	return adminSaveError(what, "approval_policies_name_key", i18n.M("policies.name_taken", "Name", name), err)
}

func policyObject(id int64) AuditObject {
	return AuditObject{Type: "approval_policy", ID: strconv.FormatInt(id, 10)}
}
