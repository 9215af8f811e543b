package controllers_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/database"
	"vmportal/models"
	"vmportal/views"
)

// readCSV parses an export and fails t unless it answered 200 with CSV.
func readCSV(t *testing.T, r *apptest.Response) [][]string {
	t.Helper()
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s\n%.300s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	records, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v\n%.300s", err, r.Body)
	}
	return records
}

// column returns the cells of the column labelled label, header excluded.
func column(t *testing.T, records [][]string, label string) []string {
	t.Helper()
	i := slices.Index(records[0], label)
	if i < 0 {
		t.Fatalf("export has no column %q: %q", label, records[0])
	}
	var cells []string
	for _, rec := range records[1:] {
		cells = append(cells, rec[i])
	}
	return cells
}

func TestExportCSVHasEveryFieldUnderItsLabel(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	alice := env.LoggedIn("alice", models.RoleUser)
	form := requestForm("web-01")
	form.Set("notes", "=HYPERLINK(\"http://evil\")")
	form.Set("requestor_name", "-Ada")
	submit(t, alice, form)

	page := alice.Get("/vms")
	if !strings.Contains(page.Body, `href="/vms.csv">Export CSV</a>`) {
		t.Error("the list has no Export CSV link")
	}
	if strings.Contains(page.Body, "/vms/import") {
		t.Error("a user is offered the import")
	}
	res := alice.Get("/vms.csv")
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `attachment; filename="vm-requests-`) {
		t.Errorf("Content-Disposition = %q", cd)
	}
	records := readCSV(t, res)
	if !slices.Equal(records[0], views.RequestCSVHeader()) {
		t.Errorf("header = %q", records[0])
	}
	for _, f := range models.RequestFields { // every described field, by its label
		if !slices.Contains(records[0], f.Label) {
			t.Errorf("header lacks %q", f.Label)
		}
	}
	if len(records) != 2 {
		t.Fatalf("%d lines, want header + 1", len(records))
	}
	want := map[string]string{
		"VM Name": "web-01", "Status": "Pending", "VLANs": "10:web;20", "Backup Required": "Yes", "Backup Frequency": "Weekly",
		"CPUs": "4", "Request Date": "2026-11-20", "Notes": "'=HYPERLINK(\"http://evil\")", "Requestor Name": "'-Ada",
		"Created By": "alice", "Version": "1", "Decided At": "",
	}
	for label, cell := range want {
		if got := column(t, records, label)[0]; got != cell {
			t.Errorf("%s = %q, want %q", label, got, cell)
		}
	}
	if got := column(t, records, "Created At")[0]; !strings.HasSuffix(got, "Z") || len(got) != len("2006-01-02T15:04:05Z") {
		t.Errorf("Created At = %q, want RFC 3339 in UTC", got)
	}
}

func TestExportCSVAppliesTheListFiltersAndPermissions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	env.CreateUser("bob", models.RoleUser)
	alice, bob, admin := env.Client(), env.Client(), env.Client()
	alice.Login("alice", apptest.Password)
	bob.Login("bob", apptest.Password)
	admin.Login(apptest.AdminUsername, apptest.AdminPassword)
	webPath := submit(t, alice, requestForm("web-01"))
	submit(t, alice, requestForm("db-01"))
	submit(t, bob, requestForm("web-02"))
	webID, _ := strconv.ParseInt(strings.TrimPrefix(webPath, "/vms/"), 10, 64)
	approve(t, env, webID)

	if got := alice.Get("/vms?q=web&status=Approved").Body; !strings.Contains(got, `href="/vms.csv?q=web&amp;status=Approved">Export CSV`) {
		t.Error("the Export CSV link does not carry the list's filters")
	}
	cases := []struct {
		who  *apptest.Client
		path string
		want []string // VM names, newest first
	}{
		{alice, "/vms.csv", []string{"db-01", "web-01"}},
		{bob, "/vms.csv", []string{"web-02"}},
		{admin, "/vms.csv", []string{"web-02", "db-01", "web-01"}},
		{admin, "/vms.csv?q=WEB", []string{"web-02", "web-01"}},
		{admin, "/vms.csv?status=Approved", []string{"web-01"}},
		{alice, "/vms.csv?q=web&status=Pending", nil},
		{bob, "/vms.csv?q=web-01", nil},
		{admin, "/vms.csv?status=bogus&page=99", []string{"web-02", "db-01", "web-01"}}, // unknown status: any; no pages
	}
	for _, tc := range cases {
		if got := column(t, readCSV(t, tc.who.Get(tc.path)), "VM Name"); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.path, got, tc.want)
		}
	}
	if r := env.Client().Get("/vms.csv"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("anonymous export: %d → %q, want a redirect to /login", r.Status, r.Location)
	}
}

func TestExportCSVStreamsEveryRowInBatches(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	const n = 1234 // more than two batches
	if err := database.SeedDemo(t.Context(), env.DB, n, nil); err != nil {
		t.Fatal(err)
	}
	admin := env.Admin()
	var records [][]string
	statements := env.CountStatements(func() { records = readCSV(t, admin.Get("/vms.csv")) })
	ids := column(t, records, "ID")
	if len(ids) != n {
		t.Fatalf("%d rows, want %d", len(ids), n)
	}
	prev := int64(1 << 62)
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id >= prev {
			t.Fatalf("ids not strictly newest first: %s after %d", s, prev)
		}
		prev = id
	}
	// A statement per batch of 500 (with VLANs and usernames), plus the
	// page's own (user, session): never one per row.
	if statements > 10 {
		t.Errorf("%d statements for %d rows", statements, n)
	}
}
