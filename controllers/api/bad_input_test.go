package api_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestBadBodies: whatever the body, the answer is a 4xx problem, never a
// 500, and nothing is stored. Wrong types, unknown fields and fields the
// portal sets name the field (422).
func TestBadBodies(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := clientFor(t, env, admin(t, env), models.ScopeWrite)
	with := func(key string, value any) []byte {
		b := newRequestBody("bad-1")
		b[key] = value
		return mustJSON(t, b)
	}
	cases := []struct {
		name        string
		body        []byte
		contentType string
		status      int
		field       string
	}{
		{"unknown field", with("colour", "blue"), "", 422, "colour"},
		{"field the portal sets", with("status", "Approved"), "", 422, "status"},
		{"id", with("id", 7), "", 422, "id"},
		{"number as text", with("cpus", "4"), "", 422, "cpus"},
		{"fraction", with("cpus", 1.5), "", 422, "cpus"},
		{"text as number", with("vm_name", 12), "", 422, "vm_name"},
		{"bool as text", with("backup_required", "Yes"), "", 422, "backup_required"},
		{"null text", with("notes", nil), "", 422, "notes"},
		{"bad date", with("request_date", "2026-02-30"), "", 422, "request_date"},
		{"vlans not a list", with("vlans", "10,20"), "", 422, "vlans"},
		{"vlan with an unknown member", with("vlans", []any{map[string]any{"id": 10, "vlan": 1}}), "", 422, "vlans"},
		{"out of range", with("cpus", 0), "", 422, "cpus"},
		{"not a choice", with("backup_frequency", "Hourly"), "", 422, "backup_frequency"},
		{"missing required", []byte(`{"vm_name": "x"}`), "", 422, "cpus"},
		{"NUL in text", with("notes", "a\x00b"), "", 400, ""},
		{"invalid UTF-8", bytes.Replace(with("notes", "aXb"), []byte("aXb"), []byte("a\xffb"), 1), "", 400, ""},
		{"not JSON", []byte(`{"vm_name": `), "", 400, ""},
		{"an array", []byte(`[1, 2]`), "", 400, ""},
		{"two objects", []byte(`{} {}`), "", 400, ""},
		{"empty", []byte(` `), "", 400, ""},
		{"form encoded", []byte(`vm_name=x`), "application/x-www-form-urlencoded", 415, ""},
		{"over 1 MB", with("notes", strings.Repeat("x", 1<<20)), "", 413, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &apiClient{t: t, env: env, token: c.token}
			r := c.do(call{method: http.MethodPost, path: "/api/v1/vms", body: tc.body, contentType: tc.contentType, malformed: true})
			r.want(t, tc.status)
			if tc.field != "" {
				if _, ok := r.fieldErrors()[tc.field]; !ok {
					t.Fatalf("422 without the field %q: %s", tc.field, r.Body)
				}
			}
		})
	}
	var n int64
	env.DB.Gorm.Model(&models.VMRequest{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d requests stored from bad bodies", n)
	}
}

// TestRuleViolationsAre422: a well-typed body that breaks the rules is a
// 422 listing every broken field, like the form's error summary.
func TestRuleViolationsAre422(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := clientFor(t, env, admin(t, env), models.ScopeWrite)
	c.post("/api/v1/vms", newRequestBody("dup-1")).want(t, http.StatusCreated)
	b := newRequestBody("dup-1")
	b["backup_required"] = false // with a frequency: both-or-neither
	b["secondary_admin_name"] = "Only A Name"
	r := c.post("/api/v1/vms", b).want(t, http.StatusUnprocessableEntity)
	fe := r.fieldErrors()
	for _, field := range []string{"vm_name", "backup_frequency", "secondary_admin_email"} {
		if fe[field] == "" {
			t.Errorf("no error for %s: %v", field, fe)
		}
	}
}

// TestEditPreconditions: PATCH without If-Match is 428, with a stale one
// 412; nothing is overwritten. Garbage ids and paths are 404 problems.
func TestEditPreconditions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := clientFor(t, env, admin(t, env), models.ScopeWrite)
	id := c.post("/api/v1/vms", newRequestBody("lock-1")).want(t, http.StatusCreated).id()
	path := fmt.Sprintf("/api/v1/vms/%d", id)
	c.do(call{method: http.MethodPatch, path: path, body: []byte(`{"cpus": 2}`), malformed: true}).want(t, http.StatusPreconditionRequired)
	c.patch(path, 1, map[string]any{"cpus": 2}).want(t, http.StatusOK)
	r := c.patch(path, 1, map[string]any{"cpus": 3}).want(t, http.StatusPreconditionFailed)
	if !strings.Contains(r.str("detail"), "version 2") {
		t.Fatalf("412 detail: %s", r.Body)
	}
	c.patch(path, "two", map[string]any{"cpus": 3}).want(t, http.StatusPreconditionFailed)
	if got := c.get(path).want(t, http.StatusOK); got.str("cpus") != "2" || got.Header.Get("ETag") != `"2"` {
		t.Fatalf("after stale edits: %s", got.Body)
	}
	// A stale If-Match on a decision is refused too.
	c.do(call{method: http.MethodPost, path: path + "/approve", header: map[string]string{"If-Match": `"1"`}}).
		want(t, http.StatusPreconditionFailed)

	for _, p := range []string{"/api/v1/vms/999999", "/api/v1/vms/abc", "/api/v1/nothing", "/api/v2/vms", "/api"} {
		c.do(call{method: http.MethodGet, path: p, malformed: true}).want(t, http.StatusNotFound)
	}
	c.do(call{method: http.MethodDelete, path: path, malformed: true}).want(t, http.StatusNotFound)
	// Query garbage is a 400 problem, also with unreadable bytes.
	for _, q := range []string{"?limit=0", "?limit=101", "?limit=x", "?cursor=garbage", "?status=Lost", "?q=%FF"} {
		c.do(call{method: http.MethodGet, path: "/api/v1/vms" + q, malformed: true}).want(t, http.StatusBadRequest)
	}
}

// TestBodyOverTheServersLimit: a body too large for the server to read at
// all (over Fiber's 4 MB) is refused before routing, still as a problem.
// The client announces the length and waits for the answer, as a client
// that honours "Expect: 100-continue" does; the server refuses without
// reading a byte of the body.
func TestBodyOverTheServersLimit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(env.Serve(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/vms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", 5<<20)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
