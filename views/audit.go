package views

import (
	"fmt"
	"strings"

	"vmportal/models"
)

// actionLabels are the words the audit trail shows for each action.
var actionLabels = map[string]string{
	models.ActionLogin:                 "Login",
	models.ActionLoginDirectory:        "Login (directory)",
	models.ActionLoginFailed:           "Failed login",
	models.ActionLogout:                "Logout",
	models.ActionRequestCreated:        "Request created",
	models.ActionRequestUpdated:        "Request updated",
	models.ActionRequestApproved:       "Request approved",
	models.ActionRequestRejected:       "Request rejected",
	models.ActionRequestActive:         "Request activated",
	models.ActionRequestCancelled:      "Request cancelled",
	models.ActionRequestDecommissioned: "Request decommissioned",
	models.ActionUserCreated:           "User created",
	models.ActionUserChanged:           "User changed",
	models.ActionPasswordChanged:       "Password changed",
	models.ActionPasswordCheckFailed:   "Wrong current password",
	models.ActionWebhookCreated:        "Webhook created",
	models.ActionWebhookChanged:        "Webhook changed",
	models.ActionWebhookDeleted:        "Webhook deleted",
}

// ActionLabel returns the readable name of an audit action.
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}

// AuditDetailLines renders an entry's details as readable "label: value"
// lines, changes as "Label: old → new": for the audit page and its CSV.
func AuditDetailLines(e models.AuditEntry) []string {
	var lines []string
	if changes, ok := e.Details["changes"].([]any); ok {
		for _, c := range changes {
			if m, ok := c.(map[string]any); ok {
				lines = append(lines, fmt.Sprintf("%v: %v → %v", m["label"], orEmpty(m["old"]), orEmpty(m["new"])))
			}
		}
	}
	keys := []string{"username", "vm_name", "full_name", "email", "role", "reason", "how", "via", "version", "dn", "source"}
	for _, k := range keys {
		if v, ok := e.Details[k]; ok && v != "" {
			lines = append(lines, fmt.Sprintf("%s: %v", strings.ReplaceAll(k, "_", " "), v))
		}
	}
	return lines
}

func orEmpty(v any) any {
	if v == nil || v == "" {
		return "(empty)"
	}
	return v
}

// AuditLink returns the page of the entry's object, or "".
func AuditLink(e models.AuditEntry) string {
	if e.ObjectID == "" {
		return ""
	}
	switch e.ObjectType {
	case "vm_request":
		return "/vms/" + e.ObjectID
	case "user":
		return "/users/" + e.ObjectID + "/edit"
	}
	return ""
}
