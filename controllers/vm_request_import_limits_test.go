package controllers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"vmportal/app/apptest"
	"vmportal/models"
)

func TestImportRefusesBadFilesWithAClearMessage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := adminClient(env)
	valid := string(importFile(t, goodLine("x-01")))
	header, _, _ := strings.Cut(valid, "\n")
	many := make([]importLine, models.MaxImportRows+1)
	for i := range many {
		many[i] = goodLine("many-" + fmt.Sprint(i))
	}
	cases := []struct {
		name, file, want string
	}{
		{"empty", "", "The file is empty."},
		{"blank", " \r\n\n", "The file is empty."},
		{"header only", header + "\n", "The file has a header but no requests."},
		{"Latin-1", strings.Replace(valid, "Ada Lovelace", "Jos\xe9", 1), "The file is not UTF-8 text (line 2)."},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00", "not UTF-8 text"},
		{"NUL", header + "\nx\x00y", "binary data"},
		{"not CSV", "Dear admin,\nplease create a VM.\n", "The file is not a request CSV"},
		{"missing column", strings.Replace(valid, "CPUs,", "", 1), "lacks the column(s) CPUs."},
		{"unknown column", strings.Replace(valid, "CPUs,", "Cores,", 1), `unknown column &#34;Cores&#34;`},
		{"twice", strings.Replace(valid, "Notes", "VM Name", 1), `The column &#34;VM Name&#34; appears twice`},
		{"cell count", valid + "a,b\n", "Line 3 has a different number of cells than the header."},
		{"quotes", valid + `"unclosed,` + "\n", "Line 3 is not valid CSV"},
		{"too many rows", string(importFile(t, many...)), "more than 10000 requests"},
		{"too large", valid + strings.Repeat(" ", models.MaxImportBytes), "larger than 5 MB"},
	}
	for _, tc := range cases {
		r := uploadCSV(admin, []byte(tc.file))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q\n%.400s", tc.name, r.Status, tc.want, pageError(r.Body))
		}
	}
	noFile := admin.PostForm("/vms/import", nil)
	if noFile.Status != http.StatusUnprocessableEntity || !strings.Contains(noFile.Body, "Choose a CSV file to import.") {
		t.Errorf("no file: %d", noFile.Status)
	}
	if n := countRequests(t, env); n != 0 {
		t.Errorf("%d requests stored", n)
	}
}

func TestImportBodyLimitIsTheRoutesOwn(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	base := env.Serve() // over a real connection: the server refuses the body before the app sees it
	res, err := http.Post(base+"/vms/import", "application/octet-stream", bytes.NewReader(make([]byte, models.MaxImportBytes+512<<10)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusRequestEntityTooLarge {
		t.Error("5.5 MB to the import: 413; the import's own limit should let it through")
	}
	// Announcing a larger body is enough to be refused: the server answers
	// 413 from the headers alone.
	announce := func(path string, size int) string {
		t.Helper()
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n", path, size)
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		return strings.TrimSpace(line)
	}
	if got := announce("/vms/import", models.MaxImportBytes+2<<20); !strings.Contains(got, " 413 ") {
		t.Errorf("7 MB to the import: %q, want 413", got)
	}
	if got := announce("/vms/new", 5<<20); !strings.Contains(got, " 413 ") {
		t.Errorf("5 MB to the request form: %q, want 413 (the default limit)", got)
	}
}
