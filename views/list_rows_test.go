package views

import (
	"strings"
	"testing"
	"time"

	"vmportal/i18n"
	"vmportal/models"
)

// TestListRowsEscapeEveryValue: the rows written in Go escape whatever a
// user typed, in cells and in the details, and keep the list's shape: a
// row and a details row per request, the approvals badge only while two
// approvals are under way, words in the page's language.
func TestListRowsEscapeEveryValue(t *testing.T) {
	hostile := `<script>alert("x")</script> & 'co'`
	items := []*models.VMRequest{
		{ID: 7, VMName: "web-01", Status: models.StatusPending, ApprovalsRequired: 2, Approvals: 1,
			RequestDate: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), CPUs: 1200, RAMGB: 4, DiskGB: 40,
			RequestorName: hostile, Notes: hostile, VirtualHost: "esx-01"},
		{ID: 8, VMName: "db-01", Status: models.StatusActive, ApprovalsRequired: 2},
	}
	html := string(viewFuncs{i18n.For(i18n.English)}.listRows(items))
	if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;") {
		t.Errorf("a typed value is not escaped:\n%s", html)
	}
	if n := strings.Count(html, `<tr class="request-row">`); n != 2 {
		t.Errorf("%d request rows, want 2", n)
	}
	if n := strings.Count(html, `<tr class="request-details"><td colspan="6">`); n != 2 {
		t.Errorf("%d details rows spanning the 6 columns, want 2", n)
	}
	for _, want := range []string{`<th scope="row" class="vm-name"><a href="/vms/7">web-01</a></th>`,
		`<span class="badge text-bg-warning">Pending</span> <span class="badge text-bg-light border text-nowrap" data-testid="approvals">`,
		`<td class="text-end">1,200</td>`, `<td class="text-nowrap">`,
		`<summary>Details<span class="visually-hidden"> of db-01</span></summary>`,
		`<dl class="request-fields small mb-0">`, `<dt>Virtual Host</dt><dd>esx-01</dd>`,
		`<dd class="notes-text">&lt;script&gt;`} {
		if !strings.Contains(html, want) {
			t.Errorf("rows lack %q", want)
		}
	}
	if strings.Count(html, `data-testid="approvals"`) != 1 {
		t.Error("the approvals badge shows on a request that is not Pending")
	}
	spanish := string(viewFuncs{i18n.For("es")}.listRows(items))
	for _, want := range []string{">Pendiente</span>", "<summary>Detalles", `<td class="text-end">1.200</td>`} {
		if !strings.Contains(spanish, want) {
			t.Errorf("Spanish rows lack %q", want)
		}
	}
}
