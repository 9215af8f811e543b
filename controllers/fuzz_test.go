package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// The fuzz targets below feed arbitrary bytes (NUL, invalid UTF-8, huge
// text, percent-escapes) into every field and query parameter of the
// portal's input paths. Whatever arrives, the answer is a page or a
// redirect, never a 5xx: `make fuzz` runs each for FUZZ_TIME; `make test`
// runs the committed seed corpus (testdata/fuzz) as plain tests.

// fuzzSeeds are inputs that once broke portals like this one.
var fuzzSeeds = []string{
	"", " ", "\x00", "a\x00b", "\xff\xfe", "\xc3\x28", "%00", "%", "%zz", "'; DROP TABLE users; --", "<script>alert(1)</script>",
	"=cmd|' /C calc'!A0", "../../etc/passwd", "-1", "0", "99999999999999999999", "1e3", "NaN", "2026-02-30", "ünïcödé",
	strings.Repeat("x", 4000),
}

// hugeText is a megabyte of text, for form fields (a URL that long never
// reaches the app: Apache and the app's read buffer refuse it first).
var hugeText = strings.Repeat("x", 1<<20)

// checkAnswer fails t when r is a server error or an error without a page.
func checkAnswer(t *testing.T, what string, r *apptest.Response) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("%s: %d\n%.300s", what, r.Status, pageError(r.Body))
	}
	if r.Status >= 400 && !strings.Contains(r.Body, "</html>") {
		t.Fatalf("%s: %d without a page:\n%.300s", what, r.Status, r.Body)
	}
}

// pageError is the message of an error page, for short failure reports.
func pageError(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	return body
}

// maxRequestLine is Apache's default LimitRequestLine: a longer URL is
// refused in front of the app (414) and never reaches it.
const maxRequestLine = 8190

// get fetches path unless its URL is longer than Apache would pass on.
func get(t *testing.T, c *apptest.Client, path string) *apptest.Response {
	t.Helper()
	if len(path) > maxRequestLine-len("GET  HTTP/1.1") {
		t.Skip("longer than any request line Apache passes on")
	}
	return c.For(t).Get(path)
}

// fuzzClient is a logged-in admin on a portal of the fuzz run's own.
func fuzzClient(f *testing.F) *apptest.Client {
	env := apptest.New(f)
	c := env.Admin()
	return c
}

func FuzzRequestForm(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s, s, s, s)
	}
	f.Add("web-01", "Ada", "4", "10", "web")
	f.Add("web-01", hugeText, "4", "10", hugeText)
	c := fuzzClient(f)
	f.Fuzz(func(t *testing.T, name, text, number, vlanID, vlanName string) {
		form := sampleForm()
		form.Set("vm_name", name)
		form.Set("requestor_name", text)
		form.Set("notes", text)
		form.Set("cpus", number)
		form.Set("request_date", number)
		form.Set("backup_frequency", number)
		form["vlan_id"] = []string{vlanID, "20"}
		form["vlan_name"] = []string{vlanName}
		r := c.For(t).PostForm("/vms/new", form)
		checkAnswer(t, "POST /vms/new", r)
		if r.Status != http.StatusSeeOther && r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusBadRequest {
			t.Fatalf("POST /vms/new: %d, want 303, 400 or 422", r.Status)
		}
	})
}

func FuzzListQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s, s)
	}
	f.Add("web", models.StatusPending, "2")
	f.Add("cpus", "desc", "2026-01-01")
	c := fuzzClient(f)
	f.Fuzz(func(t *testing.T, q, status, page string) {
		// Every parameter of the list gets one of the three values, so
		// sorts, directions, dates and text filters all see garbage.
		query := url.Values{"q": {q}, "status": {status}, "page": {page}, "sort": {q}, "dir": {status},
			"from": {page}, "to": {q}, "requestor": {status}, "virtual_host": {q}, "physical_location": {page},
			"operating_system": {status}, "mine": {page}}.Encode()
		checkAnswer(t, "GET /vms", get(t, c, "/vms?"+query))
		checkAnswer(t, "GET /vms.csv", get(t, c, "/vms.csv?"+query))
	})
}

// FuzzImportCSV uploads arbitrary files to the request import, and valid
// files with an arbitrary cell: the answer is a preview (200) or a clear
// refusal (422), and a preview that offers the import imports or refuses
// with 422, never a 5xx.
func FuzzImportCSV(f *testing.F) {
	valid := importFile(f, goodLine("fz-01"), goodLine("fz-02"))
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), s)
		f.Add(append([]byte(s), valid...), s)
	}
	f.Add(valid, "10:web;20")
	f.Add(append([]byte("\xef\xbb\xbf"), valid...), "=1+1")
	f.Add([]byte("\"VM Name\",\"a\"\"b\"\n\"x"), "'-")
	c := fuzzClient(f)
	f.Fuzz(func(t *testing.T, file []byte, cell string) {
		c := c.For(t)
		withCell := importFile(t, goodLine("fz-cell").with(importLine{"VM Name": cell, "VLANs": cell, "Notes": cell, "CPUs": cell}))
		for _, content := range [][]byte{file, withCell} {
			r := uploadCSV(c, content)
			checkAnswer(t, "POST /vms/import", r)
			if r.Status != http.StatusOK && r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("POST /vms/import: %d, want 200 or 422", r.Status)
			}
			if r.Status == http.StatusOK {
				done := confirmImport(t, c, r)
				checkAnswer(t, "POST /vms/import/:id", done)
				if done.Status != http.StatusSeeOther && done.Status != http.StatusUnprocessableEntity {
					t.Fatalf("POST /vms/import/:id: %d, want 303 or 422", done.Status)
				}
			}
		}
	})
}

func FuzzAuditQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s, s, s)
	}
	f.Add("admin", models.ActionLogin, "2026-01-01", "1")
	c := fuzzClient(f)
	f.Fuzz(func(t *testing.T, user, action, date, page string) {
		query := url.Values{"user": {user}, "action": {action}, "object": {user}, "from": {date}, "to": {date},
			"page": {page}}.Encode()
		checkAnswer(t, "GET /audit", get(t, c, "/audit?"+query))
		checkAnswer(t, "GET /audit.csv", get(t, c, "/audit.csv?"+query))
	})
}

func FuzzLogin(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s, s)
	}
	f.Add("admin", "wrong", "/vms")
	f.Add(hugeText, hugeText, "/vms")
	env := apptest.New(f)
	f.Fuzz(func(t *testing.T, username, password, next string) {
		c := env.Client().For(t)
		c.Get("/login")
		r := c.PostForm("/login", url.Values{"username": {username}, "password": {password}, "next": {next}})
		checkAnswer(t, "POST /login", r)
	})
}

func FuzzRequestID(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("1")
	c := fuzzClient(f)
	f.Fuzz(func(t *testing.T, id string) {
		for _, suffix := range []string{"", "/edit"} {
			checkAnswer(t, "GET /vms/:id", get(t, c, "/vms/"+url.PathEscape(id)+suffix))
		}
	})
}

// FuzzCollaboration: any text as the versions to compare or restore, as a
// comment, or as the request to copy gets a page, never a 5xx.
func FuzzCollaboration(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s, s)
	}
	f.Add("1", "2", "Looks good")
	f.Add("1", "1", hugeText)
	c := fuzzClient(f)
	path := c.SubmitRequest("fuzz-01")
	f.Fuzz(func(t *testing.T, from, to, text string) {
		checkAnswer(t, "GET compare", get(t, c, path+"/compare?"+url.Values{"from": {from}, "to": {to}}.Encode()))
		checkAnswer(t, "GET /vms/new?from", get(t, c, "/vms/new?"+url.Values{"from": {from}}.Encode()))
		checkAnswer(t, "POST comments", c.For(t).PostForm(path+"/comments", url.Values{"comment": {text}}))
		checkAnswer(t, "POST restore", c.For(t).PostForm(path+"/restore", url.Values{"restore": {from}, "version": {to}}))
	})
}
