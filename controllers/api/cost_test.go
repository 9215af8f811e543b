package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"vmportal/app/apptest"
	"vmportal/database"
	"vmportal/models"
)

// TestCallCost pins what an API call costs in statements: one for the
// token and its user together, none for the last use within a minute, and
// a fixed number for the answer however many rows it has (no query per
// row).
func TestCallCost(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	if err := database.SeedDemo(context.Background(), env.DB, 120, nil); err != nil {
		t.Fatal(err)
	}
	c := clientFor(t, env, admin(t, env), models.ScopeAdmin)
	c.get("/api/v1/me").want(t, http.StatusOK) // the first use is recorded
	var id int64
	env.DB.Gorm.Raw("SELECT max(id) FROM vm_requests").Scan(&id)
	for path, most := range map[string]int{
		"/api/v1/me":                              1, // token and user
		"/api/v1/vms?limit=100":                   3, // + rows with VLANs, + usernames
		"/api/v1/vms?q=a&status=Pending":          3,
		fmt.Sprintf("/api/v1/vms/%d", id):         4, // + request, its VLANs, usernames
		fmt.Sprintf("/api/v1/vms/%d/history", id): 5, // + history, its usernames
		"/api/v1/audit?limit=100":                 2,
	} {
		n := env.CountStatements(func() { c.get(path).want(t, http.StatusOK) })
		if n > most {
			t.Errorf("%s: %d statements, want at most %d", path, n, most)
		}
	}
}
