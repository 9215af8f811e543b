package api

import (
	"encoding/json"
	"slices"
	"time"

	"vmportal/i18n"
	"vmportal/models"
)

// Members of a request's JSON that the portal sets; a body that sends one
// is refused (with the field named) rather than silently ignored.
var portalMembers = []string{"id", "version", "created_at", "updated_at", "created_by", "updated_by"}

// requestJSON is r as the API shows it: every described field by its key
// (Field.JSON: numbers, booleans, dates, null for an empty choice, VLANs as
// objects), then what the portal keeps about it. names maps user ids to
// usernames.
func requestJSON(r *models.VMRequest, names map[int64]string) map[string]any {
	out := make(map[string]any, len(models.RequestFields)+len(portalMembers))
	for _, f := range models.RequestFields {
		out[f.Key] = f.JSON(r)
	}
	out["id"] = r.ID
	out["version"] = r.Version
	out["created_at"] = r.CreatedAt.UTC().Format(time.RFC3339)
	out["updated_at"] = r.UpdatedAt.UTC().Format(time.RFC3339)
	out["created_by"] = names[r.CreatedByID]
	out["updated_by"] = names[r.UpdatedByID]
	return out
}

// peopleOf lists the user ids requestJSON names for rs.
func peopleOf(rs ...*models.VMRequest) []int64 {
	ids := make([]int64, 0, 2*len(rs))
	for _, r := range rs {
		ids = append(ids, r.CreatedByID, r.UpdatedByID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// applyFields reads the body's members into r through the field
// description (Field.SetJSON), and returns a message for each member of
// the wrong type, one the portal sets, or one that is not a field. The
// rules (ranges, required fields, both-or-neither) are the models' to
// check when r is saved.
func applyFields(r *models.VMRequest, body map[string]json.RawMessage) models.FieldErrors {
	fe := models.FieldErrors{}
	for key, raw := range body {
		f := models.FieldByKey(key)
		switch {
		case f != nil && !f.Workflow:
			if msg := f.SetJSON(r, raw); !msg.IsZero() {
				fe.Add(key, msg)
			}
		case f != nil || slices.Contains(portalMembers, key):
			fe.Add(key, i18n.M("api.field_set_by_portal"))
		default:
			fe.Add(key, i18n.M("api.field_unknown"))
		}
	}
	return fe
}
