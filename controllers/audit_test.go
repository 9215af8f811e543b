package controllers_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"vmportal/app/apptest"
	"vmportal/models"
)

// auditRows writes entries as different users and days.
func auditRows(t *testing.T, env *apptest.Env) {
	t.Helper()
	// The template's own rows (init-db's "user.created") carry the time
	// the template was made, which can be any earlier day: date them now,
	// like the login the tests add, so only the rows below are backdated.
	backdateAudit(t, env, "TRUE", 0)
	for _, e := range []struct {
		user, action, vm string
		daysAgo          int
	}{
		{"alice", models.ActionLogin, "", 10},
		{"alice", models.ActionRequestCreated, "web-01", 9},
		{"bob", models.ActionLoginFailed, "", 5},
		{"bob", models.ActionRequestCreated, "db, \"primary\"\nnode", 2},
	} {
		ctx := models.WithActor(context.Background(), models.Actor{Username: e.user, IP: "198.51.100.9", UserAgent: "Agent, \"quoted\""})
		details := map[string]any{}
		if e.vm != "" {
			details["vm_name"] = e.vm
		}
		if err := models.RecordAudit(env.DB.Gorm.WithContext(ctx), e.action, models.AuditObject{Type: "vm_request", ID: "7"}, details); err != nil {
			t.Fatal(err)
		}
		backdateAudit(t, env, "id = (SELECT max(id) FROM audit_log)", e.daysAgo)
	}
}

// backdateAudit dates the audit rows matching the SQL condition where
// daysAgo days before now, through the owner (test setup only);
// re-chaining is not needed, as the page does not verify the chain.
func backdateAudit(t *testing.T, env *apptest.Env, where string, daysAgo int) {
	t.Helper()
	for _, q := range []*gorm.DB{
		env.DB.Gorm.Exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete"),
		env.DB.Gorm.Exec("UPDATE audit_log SET occurred_at = now() - make_interval(days => ?) WHERE "+where, daysAgo),
		env.DB.Gorm.Exec("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete"),
	} {
		if q.Error != nil {
			t.Fatalf("backdate audit rows: %v", q.Error)
		}
	}
}

func rowsOn(body string) int { return strings.Count(body, "data-action=") }

func TestAuditTrailFilters(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	auditRows(t, env)
	admin := env.Client()
	admin.Login("admin", apptest.AdminPassword) // adds a login row for admin, today

	all := admin.Get("/audit")
	if all.Status != http.StatusOK || !strings.Contains(all.Body, "Audit Trail") || rowsOn(all.Body) != 6 {
		t.Fatalf("unfiltered: %d, %d rows", all.Status, rowsOn(all.Body))
	}
	if strings.Index(all.Body, ">Login<") > strings.Index(all.Body, "Failed login") {
		t.Error("not newest first")
	}
	day := func(daysAgo int) string { return time.Now().UTC().AddDate(0, 0, -daysAgo).Format("2006-01-02") }
	for name, tc := range map[string]struct {
		query string
		want  int
	}{
		"by user":           {"user=ALICE", 2},
		"by action":         {"action=" + models.ActionRequestCreated, 2},
		"by user + action":  {"user=bob&action=login.failed", 1},
		"by date range":     {"from=" + day(6) + "&to=" + day(1), 2},
		"by single day":     {"from=" + day(9) + "&to=" + day(9), 1},
		"by object id":      {"object=%237", 4},
		"by vm name":        {"object=WEB-01", 1},
		"by username obj":   {"object=nobody", 0},
		"bad date ignored":  {"from=yesterday", 6},
		"unknown action ok": {"action=drop.table", 6},
	} {
		r := admin.Get("/audit?" + tc.query)
		if r.Status != http.StatusOK || rowsOn(r.Body) != tc.want {
			t.Errorf("%s (%s): status %d, %d rows, want %d", name, tc.query, r.Status, rowsOn(r.Body), tc.want)
		}
	}
	if !strings.Contains(admin.Get("/audit?from=yesterday").Body, "Enter the date as YYYY-MM-DD.") {
		t.Error("a malformed date is not reported")
	}
	// Details are readable and objects link to their page.
	page := admin.Get("/audit?user=alice")
	if !strings.Contains(page.Body, "vm name: web-01") || !strings.Contains(page.Body, `href="/vms/7"`) {
		t.Error("details not readable or object not linked")
	}
}

func TestAuditCSVMatchesFilterAndEscapes(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	auditRows(t, env)
	admin := env.Admin()
	r := admin.Get("/audit.csv?user=bob")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	records, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not valid CSV: %v\n%s", err, r.Body)
	}
	if len(records) != 3 || records[0][0] != "id" {
		t.Fatalf("got %d records, want header + bob's 2", len(records))
	}
	created := records[1] // newest first
	if created[3] != models.ActionRequestCreated || created[6] != "vm name: db, \"primary\"\nnode" || created[8] != `Agent, "quoted"` {
		t.Errorf("escaped fields did not round-trip: %q", created)
	}
	if created[7] != "198.51.100.9" || len(created[9]) != 64 {
		t.Errorf("ip/hash columns: %q %q", created[7], created[9])
	}
	// Same rows as the page with that filter.
	if rowsOn(admin.Get("/audit?user=bob").Body) != len(records)-1 {
		t.Error("CSV and page disagree")
	}
	if r := admin.Get("/audit.csv?" + url.Values{"action": {"logout"}}.Encode()); strings.Count(r.Body, "\n") != 1 {
		t.Errorf("empty filter should export only the header:\n%s", r.Body)
	}
}

// TestAuditCSVNeutralisesFormulas: anyone can type a formula as a username
// at the login form, or send one as a user agent; the export an admin
// opens in a spreadsheet must show it as text, not run it.
func TestAuditCSVNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	attacker := env.Client()
	attacker.Header.Set("User-Agent", "@SUM(1+1)*cmd|' /C calc'!A0")
	attacker.Get("/login")
	attacker.PostForm("/login", url.Values{"username": {`=HYPERLINK("http://evil.example/","x")`}, "password": {"x"}})
	admin := env.Admin()
	records, err := csv.NewReader(strings.NewReader(admin.Get("/audit.csv?action=login.failed").Body)).ReadAll()
	if err != nil || len(records) != 2 {
		t.Fatalf("export: %d records, %v", len(records), err)
	}
	row := records[1]
	if row[2] != `'=HYPERLINK("http://evil.example/","x")` {
		t.Errorf("user cell = %q, want it prefixed with '", row[2])
	}
	if !strings.HasPrefix(row[8], "'@SUM") {
		t.Errorf("user agent cell = %q, want it prefixed with '", row[8])
	}
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("cell %d starts a formula: %q", i, cell)
		}
	}
}

func TestAuditIsForAdminsOnly(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.LoggedIn("alice", models.RoleUser)
	for _, path := range []string{"/audit", "/audit.csv"} {
		if r := c.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("user GET %s: %d, want 403", path, r.Status)
		}
	}
}
