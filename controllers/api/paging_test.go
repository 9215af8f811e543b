package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestPagingWhileAnotherClientInserts: while one client pages through the
// list, another keeps adding requests; the first sees every request that
// existed when it started exactly once, newest first, none skipped.
func TestPagingWhileAnotherClientInserts(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	adm := admin(t, env)
	reader := clientFor(t, env, adm, models.ScopeRead)
	writer := clientFor(t, env, adm, models.ScopeWrite)
	var want []int64
	for i := range 23 {
		want = append([]int64{writer.post("/api/v1/vms", newRequestBody(fmt.Sprintf("page-%d", i))).want(t, 201).id()}, want...)
	}
	var got []int64
	next := ""
	for pages := 0; ; pages++ {
		path := "/api/v1/vms?limit=5"
		if next != "" {
			path += "&cursor=" + url.QueryEscape(next)
		}
		r := reader.get(path).want(t, http.StatusOK)
		for _, it := range r.JSON["items"].([]any) {
			got = append(got, int64(it.(map[string]any)["id"].(float64)))
		}
		writer.post("/api/v1/vms", newRequestBody(fmt.Sprintf("later-%d", pages))).want(t, 201)
		if r.JSON["next_cursor"] == nil {
			break
		}
		next = r.str("next_cursor")
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("paged ids\n%v\nwant\n%v", got, want)
	}
}

// TestListFilters: q and status narrow the list; users see their own.
func TestListFilters(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	adm := clientFor(t, env, admin(t, env), models.ScopeWrite)
	alice := env.CreateUser("alice", models.RoleUser)
	mine := clientFor(t, env, alice, models.ScopeWrite)
	mine.post("/api/v1/vms", newRequestBody("db-01")).want(t, 201)
	id := adm.post("/api/v1/vms", newRequestBody("db-02")).want(t, 201).id()
	adm.post("/api/v1/vms", newRequestBody("web-02")).want(t, 201)
	adm.post(fmt.Sprintf("/api/v1/vms/%d/approve", id), map[string]any{}).want(t, 200)

	count := func(c *apiClient, query string) int {
		return len(c.get("/api/v1/vms"+query).want(t, http.StatusOK).JSON["items"].([]any))
	}
	for query, want := range map[string]int{"": 3, "?q=DB-": 2, "?status=Approved": 1, "?q=web&status=Approved": 0} {
		if got := count(adm, query); got != want {
			t.Errorf("admin %q: %d items, want %d", query, got, want)
		}
	}
	if got := count(mine, "?q=db"); got != 1 {
		t.Errorf("alice sees %d requests, want her 1", got)
	}
}

// TestAuditTrail: admin scope reads the trail, filtered and paged.
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := clientFor(t, env, admin(t, env), models.ScopeAdmin)
	for i := range 3 {
		c.post("/api/v1/vms", newRequestBody(fmt.Sprintf("audit-%d", i))).want(t, 201)
	}
	r := c.get("/api/v1/audit?action=request.created&limit=2").want(t, http.StatusOK)
	items := r.JSON["items"].([]any)
	if len(items) != 2 || r.JSON["next_cursor"] == nil {
		t.Fatalf("first page: %s", r.Body)
	}
	e := items[0].(map[string]any)
	if e["action"] != "request.created" || e["actor"] != "admin" || e["details"].(map[string]any)["via"] != "API token admin-admin" {
		t.Fatalf("entry: %v", e)
	}
	r = c.get("/api/v1/audit?action=request.created&limit=2&cursor="+url.QueryEscape(r.str("next_cursor"))).want(t, http.StatusOK)
	if items := r.JSON["items"].([]any); len(items) != 1 || r.JSON["next_cursor"] != nil {
		t.Fatalf("second page: %s", r.Body)
	}
	today := models.Today().Format(models.DateLayout)
	if n := len(c.get("/api/v1/audit?user=admin&from="+today+"&to="+today).want(t, 200).JSON["items"].([]any)); n < 4 {
		t.Fatalf("today's entries by admin: %d", n)
	}
	if n := len(c.get("/api/v1/audit?to=2000-01-01").want(t, 200).JSON["items"].([]any)); n != 0 {
		t.Fatalf("entries before 2000: %d", n)
	}
	c.do(call{method: http.MethodGet, path: "/api/v1/audit?from=yesterday", malformed: true}).want(t, http.StatusBadRequest)
	c.do(call{method: http.MethodGet, path: "/api/v1/audit?action=nope", malformed: true}).want(t, http.StatusBadRequest)
}
