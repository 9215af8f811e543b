package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
)

// TestUnreadableTextIsRefusedWithAPage: PostgreSQL cannot store a NUL byte
// or invalid UTF-8, so such input is refused at the door with a 400 page,
// never a 500 from deep inside a query, and nothing is stored.
func TestUnreadableTextIsRefusedWithAPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	for _, q := range []string{"a\x00b", "\xff\xfe"} {
		r := c.Get("/vms?" + url.Values{"q": {q}}.Encode())
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "not text") {
			t.Errorf("GET /vms?q=%q: %d", q, r.Status)
		}
	}
	form := sampleForm()
	form.Set("notes", "line\x00break")
	if r := c.PostForm("/vms/new", form); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "</html>") {
		t.Errorf("POST /vms/new with a NUL: %d", r.Status)
	}
	var n int64
	env.DB.Gorm.Raw("SELECT count(*) FROM vm_requests").Scan(&n)
	if n != 0 {
		t.Errorf("%d requests stored", n)
	}
	if r := c.Get("/vms?q=" + url.QueryEscape("ünïcode")); r.Status != http.StatusOK {
		t.Errorf("valid UTF-8 refused: %d", r.Status)
	}
}
