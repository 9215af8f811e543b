package controllers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

var rowName = regexp.MustCompile(`<th scope="row" class="vm-name"><a href="/vms/\d+">([^<]+)</a>`)

// listNames returns the VM names of a list page, in order.
func listNames(body string) []string {
	var out []string
	for _, m := range rowName.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// seedSortable submits four requests as c whose sizes, hosts and dates
// differ, and returns them by name.
func seedSortable(t *testing.T, c *apptest.Client) {
	t.Helper()
	for _, r := range []struct {
		name, date, cpus, ram, host, requestor string
	}{
		{"sort-b", "2026-03-10", "8", "16", "esx-01", "Ada Lovelace"},
		{"Sort-A", "2026-05-01", "2", "64", "esx-02", "Grace Hopper"},
		{"sort-d", "2026-01-20", "16", "4", "esx-01", "Ada Lovelace"},
		{"sort-c", "2026-07-15", "4", "32", "esx-03", "Linus Torvalds"},
	} {
		f := requestForm(r.name)
		f.Set("request_date", r.date)
		f.Set("cpus", r.cpus)
		f.Set("ram_gb", r.ram)
		f.Set("virtual_host", r.host)
		f.Set("requestor_name", r.requestor)
		f.Set("requestor_email", strings.ToLower(strings.Fields(r.requestor)[0])+"@example.com")
		submit(t, c, f)
	}
}

// sortableWithBen is the admin, logged in, with seedSortable's requests,
// and the user ben with his own request ben-01 (esx-01, Ada Lovelace,
// 2026-11-20, as apptest.RequestForm fills it).
func sortableWithBen(t *testing.T) (admin, ben *apptest.Client) {
	t.Helper()
	env := apptest.New(t)
	admin = env.Client()
	admin.Login("admin", apptest.AdminPassword)
	seedSortable(t, admin)
	env.CreateUser("ben", models.RoleUser)
	ben = env.Client()
	ben.Login("ben", apptest.Password)
	ben.SubmitRequest("ben-01")
	return admin, ben
}

// TestListSortsWithAriaSort: each sortable column orders the list both
// ways, its heading carries aria-sort and links to the other direction,
// keeping the filters.
func TestListSortsWithAriaSort(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	seedSortable(t, c)

	def := c.Get("/vms")
	if got := listNames(def.Body); strings.Join(got, " ") != "sort-c sort-d Sort-A sort-b" {
		t.Fatalf("default order %v, want newest first", got)
	}
	if strings.Contains(def.Body, "aria-sort=") {
		t.Error("aria-sort on the default (unsorted) list")
	}
	for _, tc := range []struct{ query, want, heading string }{
		{"sort=vm_name&dir=asc", "Sort-A sort-b sort-c sort-d", "VM Name"},
		{"sort=vm_name&dir=desc", "sort-d sort-c sort-b Sort-A", "VM Name"},
		{"sort=cpus&dir=asc", "Sort-A sort-c sort-b sort-d", "CPUs"},
		{"sort=cpus&dir=desc", "sort-d sort-b sort-c Sort-A", "CPUs"},
		{"sort=ram_gb&dir=desc", "Sort-A sort-c sort-b sort-d", "RAM (GB)"},
		{"sort=request_date&dir=asc", "sort-d sort-b Sort-A sort-c", "Request Date"},
		{"sort=disk_gb&dir=asc", "sort-b Sort-A sort-d sort-c", "Disk (GB)"}, // equal disks: by id
		{"sort=status&dir=asc", "sort-c sort-d Sort-A sort-b", "Status"},     // all Pending: newest first
		{"sort=cpus&dir=asc&virtual_host=esx-01", "sort-b sort-d", "CPUs"},
	} {
		r := c.Get("/vms?" + tc.query)
		if got := strings.Join(listNames(r.Body), " "); r.Status != http.StatusOK || got != tc.want {
			t.Errorf("%s: %d %q, want %q", tc.query, r.Status, got, tc.want)
			continue
		}
		q, _ := url.ParseQuery(tc.query)
		dir := map[string]string{"asc": "ascending", "desc": "descending"}[q.Get("dir")]
		other := map[string]string{"asc": "desc", "desc": "asc"}[q.Get("dir")]
		q.Set("dir", other)
		th := regexp.MustCompile(`<th scope="col" aria-sort="` + dir + `"[^>]*>\s*<a class="sort-link" href="([^"]+)">` +
			regexp.QuoteMeta(tc.heading) + `<`).FindStringSubmatch(r.Body)
		if th == nil || strings.Count(r.Body, "aria-sort=") != 1 {
			t.Errorf("%s: %q heading lacks aria-sort=%q (or another heading has one)", tc.query, tc.heading, dir)
			continue
		}
		if want := "/vms?" + q.Encode(); strings.ReplaceAll(th[1], "&amp;", "&") != want {
			t.Errorf("%s: heading links to %s, want %s", tc.query, th[1], want)
		}
	}
}

// TestListFiltersInTheURL: each filter narrows the list, filters combine,
// the pager and the sort links keep them, and a user's filters never reach
// beyond their own requests.
func TestListFiltersInTheURL(t *testing.T) {
	t.Parallel()
	c, ben := sortableWithBen(t)

	for query, want := range map[string]string{
		"virtual_host=esx-01":                        "ben-01 sort-d sort-b",
		"requestor=ada":                              "ben-01 sort-d sort-b",
		"requestor=GRACE%40":                         "Sort-A",
		"requestor=linus%40example.com":              "sort-c",
		"from=2026-03-01&to=2026-07-15":              "sort-c Sort-A sort-b",
		"from=2026-03-01&virtual_host=esx-01":        "ben-01 sort-b",
		"operating_system=Debian+12&status=Pending":  "ben-01 sort-c sort-d Sort-A sort-b",
		"physical_location=Nowhere":                  "",
		"q=sort&requestor=ada&sort=cpus&dir=desc":    "sort-d sort-b",
		"requestor=%25":                              "", // % matches itself, not everything
		"virtual_host=esx-01&status=Approved":        "",
		"mine=1":                                     "sort-c sort-d Sort-A sort-b",
		"from=2026-12-01&to=2026-01-01&sort=vm_name": "",
	} {
		r := c.Get("/vms?" + query)
		if got := strings.Join(listNames(r.Body), " "); r.Status != http.StatusOK || got != want {
			t.Errorf("%s: %d %q, want %q", query, r.Status, got, want)
		}
		if want == "" && !strings.Contains(r.Body, "No requests match your search.") {
			t.Errorf("%s: no empty-state message", query)
		}
	}
	// A user's filter stays within their own requests.
	if got := strings.Join(listNames(ben.Get("/vms?virtual_host=esx-01").Body), " "); got != "ben-01" {
		t.Errorf("ben's host filter shows %q", got)
	}

	// The filter form shows the values; links keep them.
	r := c.Get("/vms?virtual_host=esx-01&from=2026-03-01&sort=cpus&dir=desc")
	for _, want := range []string{`id="filter-virtual_host" name="virtual_host" value="esx-01"`, `id="from" name="from" value="2026-03-01"`,
		`<details class="list-filters mt-2" open>`, `<input type="hidden" name="sort" value="cpus"><input type="hidden" name="dir" value="desc">`,
		`href="/vms?dir=asc&amp;from=2026-03-01&amp;sort=vm_name&amp;virtual_host=esx-01"`, `<option value="esx-03">`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("filtered page lacks %s", want)
		}
	}
	for i := 0; i < 26; i++ {
		submit(t, c, requestForm(fmt.Sprintf("page-%02d", i)))
	}
	p := c.Get("/vms?virtual_host=esx-01&sort=vm_name&dir=asc")
	if !strings.Contains(p.Body, `href="/vms?dir=asc&amp;page=2&amp;sort=vm_name&amp;virtual_host=esx-01"`) {
		t.Error("the pager drops the filter or the sort")
	}
	p2 := c.Get("/vms?virtual_host=esx-01&sort=vm_name&dir=asc&page=2")
	if got := listNames(p2.Body); strings.Join(got, " ") != "page-24 page-25 sort-b sort-d" {
		t.Errorf("page 2 sorted by name: %v", got)
	}
}

// TestListBadParametersAreIgnored: unknown sorts, directions, statuses,
// malformed dates, overlong text and odd pages still answer the list,
// never an error.
func TestListBadParametersAreIgnored(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	c.SubmitRequest("odd-01")
	for _, query := range []string{
		"sort=notes", "sort=id;DROP+TABLE+users", "sort=cpus&dir=sideways", "sort=&dir=desc", "status=Deleted",
		"from=2026-02-30", "to=tomorrow", "from=99999-01-01", "page=-3", "page=abc", "page=99999999999999999999",
		"requestor=" + strings.Repeat("x", 5000), "virtual_host=" + url.QueryEscape(`'"<script>`), "mine=2",
		"sort=vm_name&sort=cpus&dir=asc&dir=desc", "from=2026-01-01&from=bad",
	} {
		r := c.Get("/vms?" + query)
		if r.Status != http.StatusOK {
			t.Errorf("%s: %d, want 200", query, r.Status)
		}
		if strings.Contains(r.Body, "<script>") {
			t.Errorf("%s: unescaped input on the page", query)
		}
	}
	if names := listNames(c.Get("/vms?sort=notes&from=nonsense").Body); len(names) != 1 {
		t.Errorf("ignored parameters narrowed the list: %v", names)
	}
}

// TestListPutsOtherFieldsInADetailsRow: the table's columns are the
// sortable ones; every other field is in the row's details, and names
// carry the class that keeps them whole.
func TestListPutsOtherFieldsInADetailsRow(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	c.SubmitRequest("print-dev-0100000")
	r := c.Get("/vms")
	head := r.Body[strings.Index(r.Body, "<thead>"):strings.Index(r.Body, "</thead>")]
	if n := strings.Count(head, `<th scope="col"`); n != len(models.SortFields()) {
		t.Errorf("%d columns, want the %d sortable ones", n, len(models.SortFields()))
	}
	details := r.Body[strings.Index(r.Body, `<tr class="request-details">`):]
	for _, want := range []string{"<summary>Details<span class=\"visually-hidden\"> of print-dev-0100000</span></summary>",
		"<dt>Virtual Host</dt><dd>esx-01</dd>", "esx-01", "grace@example.com", "10 (web), 20", "Weekly"} {
		if !strings.Contains(details, want) {
			t.Errorf("details row lacks %q", want)
		}
	}
	if !strings.Contains(r.Body, `<th scope="row" class="vm-name"><a href="/vms/`) {
		t.Error("the name cell lacks the class that keeps names whole")
	}
}

// TestExportCSVFollowsTheListsFiltersAndSort: the list's Export CSV
// button carries every filter and the sort, and the export lists the same
// requests in the same order, read through the same parser (a user's
// mine=1 or an unknown value change nothing they may see).
func TestExportCSVFollowsTheListsFiltersAndSort(t *testing.T) {
	t.Parallel()
	c, ben := sortableWithBen(t)

	query := "virtual_host=esx-01&requestor=ada&from=2026-01-01&sort=cpus&dir=desc&mine=1"
	page := c.Get("/vms?" + query)
	link := regexp.MustCompile(`href="(/vms\.csv[^"]*)"`).FindStringSubmatch(page.Body)
	if link == nil {
		t.Fatal("no Export CSV link on the list")
	}
	href := strings.ReplaceAll(link[1], "&amp;", "&")
	got, _ := url.Parse(href)
	want, _ := url.ParseQuery(query)
	if got.Query().Encode() != want.Encode() {
		t.Errorf("Export CSV links to %s, want every filter and the sort of %s", href, query)
	}
	for _, tc := range []struct {
		who          *apptest.Client
		query, names string
	}{
		{c, query, "sort-d sort-b"},
		{c, "virtual_host=esx-01&sort=cpus&dir=desc", "sort-d sort-b ben-01"},
		{c, "sort=vm_name&dir=asc&q=sort", "Sort-A sort-b sort-c sort-d"},
		{c, "sort=request_date&dir=desc&to=2026-06-30", "Sort-A sort-b sort-d"},
		{c, "sort=bogus&status=Nope", "ben-01 sort-c sort-d Sort-A sort-b"}, // ignored: all, newest first
		{ben, "virtual_host=esx-01&mine=0", "ben-01"},                       // a user's own only
	} {
		list := strings.Join(listNames(tc.who.Get("/vms?"+tc.query).Body), " ")
		export := strings.Join(column(t, readCSV(t, tc.who.Get("/vms.csv?"+tc.query)), "VM Name"), " ")
		if list != tc.names || export != tc.names {
			t.Errorf("%s: list %q, export %q, want %q", tc.query, list, export, tc.names)
		}
	}
}
