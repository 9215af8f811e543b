package api

import (
	"vmportal/models"
)

// obj is a JSON object of the OpenAPI document.
type obj = map[string]any

// fieldSchema is the JSON Schema of a described field, from its kind and
// rules: the same limits Validate checks.
func fieldSchema(f *models.Field) obj {
	s := obj{"description": f.Label}
	switch f.Kind {
	case models.KindInt:
		s["type"], s["minimum"], s["maximum"] = "integer", f.Min, f.Max
	case models.KindDate:
		s["type"], s["format"] = "string", "date"
	case models.KindYesNo:
		s["type"] = "boolean"
	case models.KindChoice:
		s["type"], s["enum"] = "string", f.Choices
		if !f.Required {
			enum := make([]any, 0, len(f.Choices)+1)
			for _, c := range f.Choices {
				enum = append(enum, c)
			}
			s["type"], s["enum"] = []string{"string", "null"}, append(enum, nil)
		}
	case models.KindList:
		s["type"], s["maxItems"] = "array", models.MaxVLANs
		s["items"] = obj{"type": "object", "required": []string{"id"}, "additionalProperties": false,
			"properties": obj{
				"id":   obj{"type": "integer", "minimum": 1, "maximum": models.MaxVLANID, "description": "VLAN ID"},
				"name": obj{"type": "string", "maxLength": models.MaxVLANName, "description": "VLAN Name"},
			}}
	default: // text, email
		s["type"] = "string"
		if f.Max > 0 {
			s["maxLength"] = f.Max
		}
		if f.Required {
			s["minLength"] = 1
		}
		if f.Pattern != nil {
			s["pattern"] = f.Pattern.String()
		}
	}
	return s
}

// requestSchemas are the schemas of a request built from the field
// description: as the API shows it (every field and what the portal
// keeps), as a create takes it (the form's fields, those without a
// default required) and as a PATCH takes it (any of the form's fields).
func requestSchemas() obj {
	shown, input := obj{}, obj{}
	var shownRequired, createRequired []string
	for _, f := range models.RequestFields {
		shown[f.Key] = fieldSchema(f)
		shownRequired = append(shownRequired, f.Key)
		if f.Workflow {
			continue
		}
		input[f.Key] = fieldSchema(f)
		if f.Required && f.Default == nil {
			createRequired = append(createRequired, f.Key)
		}
	}
	snapshot := obj{"version": obj{"type": "integer", "minimum": 1}}
	for k, v := range shown {
		snapshot[k] = v
	}
	shown["id"] = obj{"type": "integer", "minimum": 1}
	shown["version"] = obj{"type": "integer", "minimum": 1, "description": "Optimistic lock: the ETag, and what If-Match names."}
	shown["created_at"] = obj{"type": "string", "format": "date-time"}
	shown["updated_at"] = obj{"type": "string", "format": "date-time"}
	shown["created_by"] = obj{"type": "string", "description": "Username of who created the request."}
	shown["updated_by"] = obj{"type": "string", "description": "Username of who last changed the request."}
	return obj{
		"VMRequest": obj{"type": "object", "additionalProperties": false, "properties": shown,
			"required": append(shownRequired, portalMembers...)},
		"VMRequestCreate": obj{"type": "object", "additionalProperties": false, "properties": input,
			"required": createRequired},
		"VMRequestPatch": obj{"type": "object", "additionalProperties": false, "properties": input},
		"Snapshot": obj{"type": "object", "additionalProperties": false, "properties": snapshot,
			"required":    append(append([]string{}, shownRequired...), "version"),
			"description": "A request's fields at one version."},
	}
}

// fixedSchemas are the schemas that do not come from the field
// description.
func fixedSchemas() obj {
	str, nullStr := obj{"type": "string"}, obj{"type": []string{"string", "null"}}
	instant := obj{"type": "string", "format": "date-time"}
	problem := obj{"type": "object", "required": []string{"type", "title", "status", "detail"},
		"properties": obj{"type": str, "title": str, "status": obj{"type": "integer"}, "detail": str}}
	return obj{
		"Problem": problem,
		"ValidationProblem": obj{"allOf": []any{ref("Problem"), obj{"type": "object", "required": []string{"errors"},
			"properties": obj{"errors": obj{"type": "array", "minItems": 1, "items": obj{
				"type": "object", "required": []string{"field", "message"}, "additionalProperties": false,
				"properties": obj{"field": str, "message": str}}}}}}},
		"Me": obj{"type": "object", "additionalProperties": false,
			"required": []string{"id", "username", "full_name", "email", "role", "token"},
			"properties": obj{"id": obj{"type": "integer"}, "username": str, "full_name": str, "email": str,
				"role": obj{"type": "string", "enum": models.Roles},
				"token": obj{"type": "object", "additionalProperties": false, "required": []string{"name", "scope", "expires_at"},
					"properties": obj{"name": str, "scope": obj{"type": "string", "enum": []string{models.ScopeRead, models.ScopeWrite, models.ScopeAdmin}},
						"expires_at": instant}}}},
		"VMRequestPage": pageSchema("VMRequest"),
		"Change": obj{"type": "object", "additionalProperties": false, "required": []string{"field", "label", "old", "new"},
			"properties": obj{"field": str, "label": str, "old": str, "new": str}},
		"HistoryEntry": obj{"type": "object", "additionalProperties": false,
			"required": []string{"kind", "version", "changed_at", "changed_by", "changes", "request"},
			"properties": obj{
				"kind":       obj{"type": "string", "enum": []string{models.HistoryCreated, models.HistoryUpdated}},
				"version":    obj{"type": "integer", "minimum": 1},
				"changed_at": instant, "changed_by": nullStr,
				"changes": obj{"type": "array", "items": ref("Change")},
				"request": ref("Snapshot")}},
		"History": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "minItems": 1, "items": ref("HistoryEntry")}}},
		"AuditEntry": obj{"type": "object", "additionalProperties": false,
			"required": []string{"id", "occurred_at", "actor", "actor_id", "action", "object_type", "object_id", "details", "client_ip", "user_agent"},
			"properties": obj{"id": obj{"type": "integer"}, "occurred_at": instant, "actor": str,
				"actor_id": obj{"type": []string{"integer", "null"}}, "action": str, "object_type": str, "object_id": str,
				"details": obj{"type": "object"}, "client_ip": nullStr, "user_agent": str}},
		"AuditPage": pageSchema("AuditEntry"),
		"Comment": obj{"type": "object", "additionalProperties": false, "required": []string{"id", "author", "text", "created_at"},
			"properties": obj{"id": obj{"type": "integer"}, "author": str, "text": str, "created_at": instant}},
		"CommentList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("Comment")}}},
		"CommentInput": obj{"type": "object", "additionalProperties": false, "required": []string{"text"},
			"properties": obj{"text": obj{"type": "string", "minLength": 1, "maxLength": models.MaxCommentLen}}},
		"DecisionReason": obj{"type": "object", "additionalProperties": false, "required": []string{models.InputReason},
			"properties": obj{models.InputReason: obj{"type": "string", "minLength": 1, "maxLength": models.MaxReasonLen}}},
		"DecisionNote": obj{"type": "object", "additionalProperties": false,
			"properties": obj{models.InputNote: obj{"type": "string", "maxLength": models.MaxReasonLen},
				models.InputOverCapacityReason: obj{"type": "string", "maxLength": models.MaxReasonLen,
					"description": "Approve past the host's capacity, for this reason (audited)."}}},
	}
}

// pageSchema is a page of item: the items and the next page's cursor.
func pageSchema(item string) obj {
	return obj{"type": "object", "additionalProperties": false, "required": []string{"items", "next_cursor"},
		"properties": obj{"items": obj{"type": "array", "maxItems": MaxLimit, "items": ref(item)},
			"next_cursor": obj{"type": []string{"string", "null"}, "description": "Pass as cursor for the next page; null on the last."}}}
}

func ref(schema string) obj { return obj{"$ref": "#/components/schemas/" + schema} }
