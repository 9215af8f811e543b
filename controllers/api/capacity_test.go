package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestApprovalPastCapacity: approving a request its registered host has no
// room for is a 422 naming the resource; with "over_capacity_reason" the
// admin approves it anyway, and the override is audited.
func TestApprovalPastCapacity(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	adm := admin(t, env)
	_, err := models.CreateHost(env.DB.Gorm.WithContext(env.Ctx(models.Actor{UserID: adm.ID, Username: adm.Username})),
		models.HostInput{Name: "esx-small", PhysicalLocation: "DC1", CPUCores: "2", RAMGB: "8", DiskGB: "100",
			CPUOvercommit: "1", RAMOvercommit: "1"})
	if err != nil {
		t.Fatal(err)
	}
	c := clientFor(t, env, adm, models.ScopeWrite)
	body := newRequestBody("big-01")
	body["virtual_host"], body["cpus"] = "esx-small", 16
	path := fmt.Sprintf("/api/v1/vms/%d", c.post("/api/v1/vms", body).want(t, http.StatusCreated).id())

	r := c.post(path+"/approve", map[string]any{}).want(t, http.StatusUnprocessableEntity)
	if r.fieldErrors()["cpus"] == "" {
		t.Fatalf("capacity refusal does not name cpus: %s", r.Body)
	}
	r = c.post(path+"/approve", map[string]any{"over_capacity_reason": "temporary, host is being extended"}).want(t, http.StatusOK)
	if r.str("status") != models.StatusApproved {
		t.Fatalf("override: %s", r.Body)
	}
	if rows := env.AuditEntries(models.ActionRequestOverCapacity); len(rows) != 1 {
		t.Fatalf("override audit rows: %+v", rows)
	}
}
