package app_test

import (
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// writeImportFile writes a request import file into the test's temporary
// directory: a header of the form fields' labels, then one line per VM
// name (cpus as the CPUs cell), and returns its path.
func writeImportFile(t *testing.T, name string, lines [][2]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	var header []string
	for _, fd := range models.FormFields() {
		header = append(header, fd.Label)
	}
	_ = w.Write(header)
	for _, l := range lines {
		cells := map[string]string{
			"VM Name": l[0], "CPUs": l[1], "Request Date": "2026-11-20", "RAM (GB)": "8", "Disk (GB)": "80",
			"Physical Location": "DC1", "Virtual Host": "esx-01", "Operating System": "Debian 12",
			"Requestor Name": "Ada Lovelace", "Requestor Email": "ada@example.com",
			"Primary Admin Name": "Grace Hopper", "Primary Admin Email": "grace@example.com",
			"Backup Required": "No", "VLANs": "10:web;20",
		}
		rec := make([]string, len(header))
		for i, label := range header {
			rec[i] = cells[label]
		}
		_ = w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return path
}

// The import journey: an admin opens the import from the list, uploads a
// file with a bad line and reads the error by line and field, uploads the
// corrected file, sees the preview and imports both requests. Each step's
// page passes the accessibility check.
func TestBrowserAdminImportsRequestsFromCSV(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	b := apptest.NewBrowser(t, env.Serve())
	check := func(page string) {
		t.Helper()
		if v := b.AccessibilityViolations(); len(v) > 0 {
			t.Errorf("%s breaks WCAG rules:\n  %s", page, strings.Join(v, "\n  "))
		}
	}
	bad := writeImportFile(t, "bad.csv", [][2]string{{"csv-01", "2"}, {"csv-02", "500"}})
	good := writeImportFile(t, "good.csv", [][2]string{{"csv-01", "2"}, {"csv-02", "4"}})

	logIn(b, "admin", apptest.AdminPassword)
	b.Visit("/vms")
	b.Click("Import CSV")
	if b.Path() != "/vms/import" {
		t.Fatalf("Import CSV went to %s", b.Path())
	}
	check("import page")

	b.Upload("CSV file", bad)
	if got := b.Click("Preview import"); got != http.StatusUnprocessableEntity {
		t.Errorf("preview of a bad file: %d, want 422", got)
	}
	text := b.Text()
	for _, want := range []string{"Import preview", "1 of 2 lines are valid.", "CPUs must be a whole number from 1 to 128.", "Nothing was imported."} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	check("preview with errors")

	b.Upload("CSV file", good)
	if got := b.Click("Preview import"); got != http.StatusOK {
		t.Errorf("preview: %d, want 200", got)
	}
	if !strings.Contains(b.Text(), "2 of 2 lines are valid.") {
		t.Fatalf("preview:\n%s", b.Text())
	}
	check("preview")
	b.Screenshot("import-preview")
	b.Click("Import 2 requests")
	text = b.Text()
	if b.Path() != "/vms" || !strings.Contains(text, "Imported 2 requests.") || !strings.Contains(text, "csv-02") {
		t.Fatalf("after the import (%s):\n%s", b.Path(), text)
	}
}
