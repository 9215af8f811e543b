package controllers_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// importLine is one line of an import file: cells by column label.
type importLine map[string]string

// goodLine is a valid import line for a VM named name.
func goodLine(name string) importLine {
	return importLine{
		"VM Name": name, "Request Date": "2026-11-20", "CPUs": "2", "RAM (GB)": "8", "Disk (GB)": "100",
		"Physical Location": "DC2", "Virtual Host": "esx-09", "Operating System": "Ubuntu 24.04",
		"Requestor Name": "Ada Lovelace", "Requestor Email": "ada@example.com",
		"Primary Admin Name": "Grace Hopper", "Primary Admin Email": "grace@example.com",
		"Backup Required": "No", "VLANs": "30:app;40", "Notes": "imported",
	}
}

// with returns a copy of l with the cells in changes replaced.
func (l importLine) with(changes importLine) importLine {
	out := importLine{}
	for k, v := range l {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

// importFile writes lines as CSV under the form fields' labels.
func importFile(t testing.TB, lines ...importLine) []byte {
	t.Helper()
	var labels []string
	for _, f := range models.FormFields() {
		labels = append(labels, f.Label)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(labels)
	for _, l := range lines {
		rec := make([]string, len(labels))
		for i, label := range labels {
			rec[i] = l[label]
		}
		_ = w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// adminClient is the logged-in seeded admin.
func adminClient(env *apptest.Env) *apptest.Client {
	c := env.Admin()
	return c
}

func uploadCSV(c *apptest.Client, content []byte) *apptest.Response {
	return c.PostFile("/vms/import", "file", "requests.csv", content)
}

func countRequests(t *testing.T, env *apptest.Env) int64 {
	t.Helper()
	var n int64
	if err := env.DB.Gorm.Model(&models.VMRequest{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

var importAction = regexp.MustCompile(`action="(/vms/import/\d+)"`)

// confirmImport posts the "Import N requests" form of a preview page.
func confirmImport(t *testing.T, c *apptest.Client, preview *apptest.Response) *apptest.Response {
	t.Helper()
	m := importAction.FindStringSubmatch(preview.Body)
	if m == nil {
		t.Fatalf("the preview offers no import (%d):\n%s", preview.Status, pageError(preview.Body))
	}
	return c.PostForm(m[1], nil)
}

func TestImportPageUploadsACSVFile(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := adminClient(env)
	if list := admin.Get("/vms").Body; !strings.Contains(list, `href="/vms/import">Import CSV</a>`) {
		t.Error("the list offers admins no import")
	}
	page := admin.Get("/vms/import")
	for _, want := range []string{`<label for="csv-file" class="form-label">CSV file</label>`, `type="file" id="csv-file" name="file"`,
		`enctype="multipart/form-data"`, "Up to 10,000 requests and 5 MB", ">Preview import</button>"} {
		if page.Status != http.StatusOK || !strings.Contains(page.Body, want) {
			t.Errorf("import page (%d) lacks %s", page.Status, want)
		}
	}
}

func TestImportPreviewListsEveryErrorByLineAndStoresNothing(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := adminClient(env)
	submit(t, admin, requestForm("taken-01"))
	before := countRequests(t, env)
	file := importFile(t,
		goodLine("ok-01"),
		goodLine("bad-02").with(importLine{"CPUs": "0", "Requestor Email": "not-an-email"}),
		goodLine("OK-01"),
		goodLine("taken-01").with(importLine{"VLANs": "10:a;10:b"}),
		goodLine("bad-05").with(importLine{"Backup Required": "Yes"}),
	)
	r := uploadCSV(admin, file)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("preview: %d, want 422", r.Status)
	}
	for _, want := range []string{
		"Import preview", "1 of 5 lines are valid.", "Nothing was imported.",
		"<td>3</td><td>CPUs</td><td>CPUs must be a whole number from 1 to 128.</td>",
		"<td>3</td><td>Requestor Email</td><td>Enter a valid email address for Requestor Email",
		"<td>4</td><td>VM Name</td><td>The VM name &#34;OK-01&#34; is already on line 2 of this file.</td>",
		"<td>5</td><td>VM Name</td><td>A request for a VM named &#34;taken-01&#34; is already Pending",
		"<td>5</td><td>VLANs (VLAN 2)</td><td>VLAN 10 is listed twice.</td>",
		"<td>6</td><td>Backup Frequency</td>",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	if importAction.MatchString(r.Body) {
		t.Error("a file with errors is offered for import")
	}
	if n := countRequests(t, env); n != before {
		t.Errorf("%d requests after a preview, want %d", n, before)
	}
}

func TestImportCreatesEveryRequestThroughTheCreatePath(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := adminClient(env)
	// A BOM (Excel's "CSV UTF-8") and CRLF line ends are fine.
	file := append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(importFile(t, goodLine("imp-01"), goodLine("imp-02").with(importLine{
		"Backup Required": "Yes", "Backup Frequency": "Daily", "Secondary Admin Name": "Linus", "Secondary Admin Email": "linus@example.com",
		"Notes": "'=1+1", "Request Date": "",
	})), []byte("\n"), []byte("\r\n"))...)
	preview := uploadCSV(admin, file)
	if preview.Status != http.StatusOK || !strings.Contains(preview.Body, "2 of 2 lines are valid.") ||
		!strings.Contains(preview.Body, ">Import 2 requests</button>") {
		t.Fatalf("preview: %d\n%s", preview.Status, pageError(preview.Body))
	}
	if n := countRequests(t, env); n != 0 {
		t.Fatalf("the preview stored %d requests", n)
	}
	done := confirmImport(t, admin, preview)
	if done.Status != http.StatusSeeOther || done.Location != "/vms" {
		t.Fatalf("import: %d → %q\n%s", done.Status, done.Location, pageError(done.Body))
	}
	if list := admin.Get("/vms").Body; !strings.Contains(list, "Imported 2 requests.") {
		t.Error("no flash after the import")
	}
	var got []models.VMRequest
	env.DB.Gorm.Order("id").Find(&got)
	if len(got) != 2 || got[0].VMName != "imp-01" || got[1].VMName != "imp-02" {
		t.Fatalf("stored %+v", got)
	}
	second, err := models.FindRequest(env.DB.Gorm, got[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if second.Status != models.StatusPending || second.Notes != "=1+1" || second.BackupFrequency != "Daily" ||
		models.VLANText(second.VLANs) != "30:app;40" || !second.RequestDate.Equal(models.Today()) {
		t.Errorf("imp-02 = %+v", second)
	}
	if n := len(env.AuditEntries(models.ActionRequestCreated)); n != 2 {
		t.Errorf("%d audit rows, want one per request", n)
	}
	detail := admin.Get("/vms/" + fmt.Sprint(second.ID)).Body
	if !strings.Contains(detail, "Original Submission") || !strings.Contains(detail, "Linus") {
		t.Error("the imported request has no original submission")
	}
	if !strings.Contains(admin.Get("/vms/new").Body, `<option value="DC2">`) {
		t.Error("the imported values are not suggested")
	}
	again := confirmImport(t, admin, preview) // a second click
	if again.Status != http.StatusNotFound || !strings.Contains(again.Body, "no longer waiting") || countRequests(t, env) != 2 {
		t.Errorf("second click: %d, %d requests", again.Status, countRequests(t, env))
	}
}

func TestImportIsAllOrNothingWhenTheDatabaseChangedSincePreview(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := adminClient(env)
	preview := uploadCSV(admin, importFile(t, goodLine("race-01"), goodLine("race-02")))
	submit(t, admin, requestForm("race-02")) // meanwhile, someone takes a name
	r := confirmImport(t, admin, preview)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "<td>3</td><td>VM Name</td>") {
		t.Fatalf("import: %d, want 422 with the error on line 3\n%s", r.Status, pageError(r.Body))
	}
	if n := countRequests(t, env); n != 1 {
		t.Errorf("%d requests, want only the one made meanwhile", n)
	}
}

func TestImportIsForAdminsOnly(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	env.CreateUser("root2", models.RoleAdmin)
	alice := env.Client()
	alice.Login("alice", apptest.Password)
	file := importFile(t, goodLine("sneaky-01"))
	preview := uploadCSV(adminClient(env), file)
	path := importAction.FindStringSubmatch(preview.Body)
	if path == nil {
		t.Fatalf("preview: %d", preview.Status)
	}
	for what, r := range map[string]*apptest.Response{
		"GET /vms/import":  alice.Get("/vms/import"),
		"POST /vms/import": uploadCSV(alice, file),
		"POST " + path[1]:  alice.PostForm(path[1], nil),
	} {
		if r.Status != http.StatusForbidden {
			t.Errorf("user %s: %d, want 403", what, r.Status)
		}
	}
	other := env.Client()
	other.Login("root2", apptest.Password)
	if r := other.PostForm(path[1], nil); r.Status != http.StatusNotFound {
		t.Errorf("another admin confirms the upload: %d, want 404", r.Status)
	}
	if n := countRequests(t, env); n != 0 {
		t.Errorf("%d requests stored", n)
	}
}

func TestExportedFileImportsBackWithNewNames(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := adminClient(env)
	plain := requestForm("rt-01")
	tricky := requestForm("rt-02")
	for k, v := range map[string]string{
		"notes": "=SUM(A1)\n'=already quoted\n-dash, \"quotes\"; semi", "backup_required": "No", "backup_frequency": "",
		"secondary_admin_name": "@Linus", "secondary_admin_email": "linus@example.com", "requestor_name": "+Ada",
		"operating_system": "Windows Server 2022 (ünïcödé)",
	} {
		tricky.Set(k, v)
	}
	tricky["vlan_id"], tricky["vlan_name"] = []string{"100", "200", "300"}, []string{"front:end", "", "back"}
	submit(t, admin, plain)
	approve(t, env)
	submit(t, admin, tricky)

	records := readCSV(t, admin.Get("/vms.csv"))
	name := 0
	for name < len(records[0]) && records[0][name] != "VM Name" {
		name++
	}
	for _, rec := range records[1:] {
		rec[name] = "copy-" + rec[name] // new names, nothing else edited
	}
	var file bytes.Buffer
	w := csv.NewWriter(&file)
	_ = w.WriteAll(records)

	done := confirmImport(t, admin, uploadCSV(admin, file.Bytes()))
	if done.Status != http.StatusSeeOther {
		t.Fatalf("import: %d\n%s", done.Status, pageError(done.Body))
	}
	for _, orig := range []string{"rt-01", "rt-02"} {
		var a, b models.VMRequest
		env.DB.Gorm.Where("vm_name = ?", orig).Take(&a)
		env.DB.Gorm.Where("vm_name = ?", "copy-"+orig).Take(&b)
		if err := models.LoadVLANs(env.DB.Gorm, &a, &b); err != nil {
			t.Fatal(err)
		}
		if b.Status != models.StatusPending {
			t.Errorf("copy-%s is %s, want Pending (Status is not imported)", orig, b.Status)
		}
		want, got := models.FormText(&a), models.FormText(&b)
		want["vm_name"], want["vlans"], got["vlans"] = "copy-"+orig, models.VLANText(a.VLANs), models.VLANText(b.VLANs)
		for k := range want {
			if got[k] != want[k] {
				t.Errorf("copy-%s %s = %q, want %q", orig, k, got[k], want[k])
			}
		}
	}
}
