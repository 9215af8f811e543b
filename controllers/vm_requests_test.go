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

// requestForm is a valid request form as a browser posts it.
func requestForm(name string) url.Values { return apptest.RequestForm(name) }

var idInPath = regexp.MustCompile(`^/vms/(\d+)$`)

// submit posts a request and returns its detail path.
func submit(t *testing.T, c *apptest.Client, form url.Values) string {
	t.Helper()
	r := c.PostForm("/vms/new", form)
	if r.Status != http.StatusSeeOther || !idInPath.MatchString(r.Location) {
		t.Fatalf("create: %d → %q\n%s", r.Status, r.Location, r.Body)
	}
	return r.Location
}

func TestCreateFormDefaultsAndLabels(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.LoggedIn("alice", models.RoleUser)
	page := c.Get("/vms/new")
	if page.Status != http.StatusOK {
		t.Fatalf("GET /vms/new: %d", page.Status)
	}
	for _, label := range []string{"VM Name", "Requestor Name", "Requestor Email", "Primary Admin Name", "Primary Admin Email",
		"Secondary Admin Name", "Secondary Admin Email", "Request Date", "CPUs", "RAM (GB)", "Disk (GB)",
		"Physical Location", "Virtual Host", "Operating System", "Backup Required", "Backup Frequency", "VLAN ID", "VLAN Name", "Notes"} {
		if !regexp.MustCompile(`<label[^>]*for="[^"]+"[^>]*>` + regexp.QuoteMeta(label) + `</label>`).MatchString(page.Body) {
			t.Errorf("no <label for=…> %q", label)
		}
	}
	for _, want := range []string{`value="Test alice"`, `value="alice@example.com"`, `>Add VLAN<`, `>Submit Request<`, `>Remove<`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if !regexp.MustCompile(`name="request_date" value="\d{4}-\d{2}-\d{2}"`).MatchString(page.Body) {
		t.Error("Request Date does not default to today")
	}
}

func TestCreateShowsRequestAndOriginalSubmission(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.LoggedIn("alice", models.RoleUser)
	path := submit(t, c, requestForm("web-01"))
	page := c.Get(path)
	for _, want := range []string{"Request for web-01 submitted.", "Current Details", "Original Submission", "Update History",
		"10 (web), 20", "Weekly", "Pending", "No changes since the original submission."} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	if !strings.Contains(page.Body, `href="`+path+`/edit"`) {
		t.Error("the owner of a Pending request sees no Edit link")
	}
	// Values used once are suggested on the next form.
	next := c.Get("/vms/new").Body
	for _, want := range []string{`<datalist id="dl-physical_location"><option value="DC1">`, `<option value="esx-01">`, `<option value="Debian 12">`, `list="dl-operating_system"`} {
		if !strings.Contains(next, want) {
			t.Errorf("the form does not suggest %s", want)
		}
	}
}

func TestInvalidRequestIs422WithInputKept(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.LoggedIn("alice", models.RoleUser)
	form := requestForm("-bad-name-")
	form.Set("cpus", "abc")
	form.Set("requestor_email", "not-an-email")
	form.Set("secondary_admin_name", "Only Name")
	form["vlan_id"] = []string{"10", "10", "5000"}
	form["vlan_name"] = []string{"a", "b", "c"}
	form.Set("notes", `<script>alert("x")</script>`)
	r := c.PostForm("/vms/new", form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	for _, want := range []string{
		"Please correct the following:",
		"VM Name must be 1–63 letters, digits or hyphens",
		"CPUs must be a whole number from 1 to 128.",
		"Enter a valid email address for Requestor Email",
		"Enter the Secondary Admin Email too",
		"VLAN 10 is listed twice.",
		"Enter a VLAN ID from 1 to 4094.",
		`value="-bad-name-"`, `value="abc"`, `value="not-an-email"`, `value="5000"`, `value="c"`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`,
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	// The summary reads in form order and links to each field.
	if i, j := strings.Index(r.Body, "VM Name must be"), strings.Index(r.Body, "CPUs must be"); i < 0 || j < i {
		t.Error("error summary not in form order")
	}
	for _, anchor := range []string{`href="#f-vm_name"`, `href="#f-cpus"`, `href="#vlan-id-1"`, `href="#vlan-id-2"`} {
		if !strings.Contains(r.Body, anchor) {
			t.Errorf("summary lacks link %s", anchor)
		}
	}
	if strings.Count(r.Body, `name="vlan_id"`) != 4 { // three rows + the template row
		t.Errorf("VLAN rows not all kept: %d", strings.Count(r.Body, `name="vlan_id"`))
	}
	var n int64
	env.DB.Gorm.Table("vm_requests").Count(&n)
	if n != 0 {
		t.Fatal("an invalid request was stored")
	}
}

func TestNotesAreEscaped(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	form := requestForm("xss-01")
	form.Set("notes", `<script>alert(1)</script><img src=x onerror=alert(2)>`)
	path := submit(t, c, form)
	for _, page := range []string{c.Get(path).Body, c.Get("/vms").Body} {
		if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "<img src=x") {
			t.Fatal("notes rendered as markup")
		}
		if !strings.Contains(page, "&lt;script&gt;alert(1)") {
			t.Fatal("notes not shown as text")
		}
	}
}

func TestDuplicateNameRefusedOverHTTP(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	submit(t, c, requestForm("dup-01"))
	r := c.PostForm("/vms/new", requestForm("DUP-01"))
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "is already Pending, Approved or Active") {
		t.Fatalf("duplicate: status %d\n%s", r.Status, r.Body)
	}
}

func TestEditSavesAndShowsHistory(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.LoggedIn("alice", models.RoleUser)
	path := submit(t, c, requestForm("app-01"))

	edit := c.Get(path + "/edit")
	if edit.Status != http.StatusOK || !strings.Contains(edit.Body, `value="app-01"`) || !strings.Contains(edit.Body, ">Save Changes<") ||
		!strings.Contains(edit.Body, `name="version" value="1"`) {
		t.Fatalf("edit form: %d\n%s", edit.Status, edit.Body)
	}
	form := requestForm("app-01")
	form.Set("version", "1")
	form.Set("cpus", "8")
	form.Set("status", "Approved") // not a form field: ignored
	r := c.PostForm(path+"/edit", form)
	if r.Status != http.StatusSeeOther || r.Location != path {
		t.Fatalf("update: %d → %q\n%s", r.Status, r.Location, r.Body)
	}
	page := c.Get(path)
	for _, want := range []string{"Changes saved.", "Test alice", "CPUs", "<del>4</del>", "<ins>8</ins>", "version 1 → 2"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("detail after edit lacks %q", want)
		}
	}
	var status string
	env.DB.Gorm.Raw("SELECT status FROM vm_requests").Scan(&status)
	if status != models.StatusPending {
		t.Fatalf("a user changed the status to %s through the form", status)
	}
}

func TestStaleEditIs409AndKeepsTheFirstChange(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	path := submit(t, c, requestForm("race-01"))

	first := requestForm("race-01")
	first.Set("version", "1")
	first.Set("cpus", "8")
	if r := c.PostForm(path+"/edit", first); r.Status != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.Status)
	}
	second := requestForm("race-01")
	second.Set("version", "1") // loaded before the first save
	second.Set("ram_gb", "64")
	r := c.PostForm(path+"/edit", second)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "changed by someone else") ||
		!strings.Contains(r.Body, `value="64"`) || !strings.Contains(r.Body, "Reload the latest version") {
		t.Fatalf("stale save: %d\n%s", r.Status, r.Body)
	}
	var got struct{ Cpus, RamGb, Version int }
	env.DB.Gorm.Raw("SELECT cpus, ram_gb, version FROM vm_requests").Scan(&got)
	if got.Cpus != 8 || got.RamGb != 16 || got.Version != 2 {
		t.Fatalf("stored %+v, want the first change only", got)
	}
}

func TestRequestAccessRules(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	env.CreateUser("bob", models.RoleUser)
	alice, bob, admin := env.Client(), env.Client(), env.Client()
	alice.Login("alice", apptest.Password)
	bob.Login("bob", apptest.Password)
	admin.Login("admin", apptest.AdminPassword)
	mine := submit(t, alice, requestForm("alice-01"))
	approved := submit(t, alice, requestForm("alice-02"))
	var id int64
	fmt.Sscanf(approved, "/vms/%d", &id)
	approve(t, env, id)

	cases := []struct {
		who    *apptest.Client
		name   string
		path   string
		status int
	}{
		{alice, "owner views", mine, 200},
		{alice, "owner edits Pending", mine + "/edit", 200},
		{alice, "owner cannot edit Approved", approved + "/edit", 403},
		{alice, "owner views Approved", approved, 200},
		{bob, "other user cannot view", mine, 404},
		{bob, "other user cannot edit", mine + "/edit", 404},
		{admin, "admin views any", mine, 200},
		{admin, "admin edits Approved", approved + "/edit", 200},
		{alice, "unknown id", "/vms/999999", 404},
		{alice, "non-numeric id", "/vms/abc", 404},
		{alice, "negative id", "/vms/-1", 404},
	}
	for _, tc := range cases {
		if r := tc.who.Get(tc.path); r.Status != tc.status {
			t.Errorf("%s (%s): %d, want %d", tc.name, tc.path, r.Status, tc.status)
		}
	}
	// A raw POST by another user changes nothing.
	form := requestForm("hijack")
	form.Set("version", "1")
	if r := bob.PostForm(mine+"/edit", form); r.Status != http.StatusNotFound {
		t.Errorf("other user's POST edit: %d, want 404", r.Status)
	}
	if r := alice.PostForm(approved+"/edit", form); r.Status != http.StatusForbidden {
		t.Errorf("owner's POST edit of Approved: %d, want 403", r.Status)
	}
	// Lists: a user sees only their own, an admin all.
	if body := bob.Get("/vms").Body; strings.Contains(body, "alice-01") {
		t.Error("bob's list shows alice's request")
	}
	if body := admin.Get("/vms").Body; !strings.Contains(body, "alice-01") || !strings.Contains(body, "alice-02") {
		t.Error("admin's list lacks requests")
	}
	if r := env.Client().Get("/vms"); r.Status != http.StatusSeeOther {
		t.Errorf("anonymous list: %d, want redirect to login", r.Status)
	}
}

func TestListSearchAndPagination(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	ctx := env.Ctx(models.Actor{UserID: 1, Username: "admin"})
	db := env.DB.Gorm.WithContext(ctx)
	for i := 1; i <= 60; i++ {
		r := &models.VMRequest{}
		in := map[string]string{"vm_name": fmt.Sprintf("node-%02d", i), "requestor_name": "R", "requestor_email": "r@example.com",
			"primary_admin_name": "P", "primary_admin_email": "p@example.com", "cpus": "1", "ram_gb": "1", "disk_gb": "1",
			"physical_location": "DC", "virtual_host": "h", "operating_system": "os", "backup_required": "No"}
		if i%10 == 0 {
			in["vm_name"] = fmt.Sprintf("Special-DB-%02d", i)
		}
		if fe := models.ReadText(r, in, nil); len(fe) > 0 {
			t.Fatal(fe)
		}
		if err := models.CreateRequest(db, r); err != nil {
			t.Fatal(err)
		}
	}
	page1 := c.Get("/vms")
	if n := strings.Count(page1.Body, `<th scope="row"`); n != 25 {
		t.Fatalf("page 1 has %d rows, want 25", n)
	}
	if !strings.Contains(page1.Body, ">Special-DB-60<") || strings.Contains(page1.Body, ">node-01<") {
		t.Error("page 1 is not newest first")
	}
	if !strings.Contains(page1.Body, `href="/vms?page=3"`) || !strings.Contains(page1.Body, ">Next<") {
		t.Error("page 1 does not link to pages 2–3 and Next")
	}
	page3 := c.Get("/vms?page=3")
	if n := strings.Count(page3.Body, `<th scope="row"`); n != 10 || !strings.Contains(page3.Body, ">node-01<") {
		t.Fatalf("page 3 has %d rows", n)
	}
	if strings.Contains(page3.Body, `rel="next"`) || !strings.Contains(page3.Body, `rel="prev"`) {
		t.Error("page 3 pager wrong")
	}
	if strings.Contains(c.Get("/vms?page=4").Body, "node-") {
		t.Error("page 4 is not empty")
	}

	search := c.Get("/vms?q=special-db")
	if n := strings.Count(search.Body, `<th scope="row"`); n != 6 {
		t.Fatalf("search found %d, want the 6 Special-DB requests", n)
	}
	if c.Get("/vms?q="+url.QueryEscape("%")).Status != http.StatusOK ||
		strings.Count(c.Get("/vms?q="+url.QueryEscape("%")).Body, `<th scope="row"`) != 0 {
		t.Error("a % in the search matched everything")
	}
	empty := c.Get("/vms?q=nothing-like-this")
	if !strings.Contains(empty.Body, "No requests match your search.") {
		t.Error("no empty-state message")
	}
	filtered := c.Get("/vms?status=Rejected&q=node")
	if !strings.Contains(filtered.Body, "No requests match your search.") {
		t.Error("status filter ignored")
	}
	// The pager keeps search and filter.
	approve(t, env)
	approved := c.Get("/vms?status=Approved&q=node")
	if !strings.Contains(approved.Body, `href="/vms?page=2&amp;q=node&amp;status=Approved"`) {
		t.Errorf("pager drops the search or filter")
	}
}

// approve approves the requests with ids (every request when none) through
// the models: test setup that writes the history like the app does.
func approve(t *testing.T, env *apptest.Env, ids ...int64) {
	t.Helper()
	admin, err := models.FindUserByUsername(env.DB.Gorm, "admin")
	if err != nil {
		t.Fatal(err)
	}
	db := env.DB.Gorm.WithContext(models.WithActor(t.Context(), models.Actor{UserID: admin.ID, Username: admin.Username}))
	if len(ids) == 0 {
		if err := db.Model(&models.VMRequest{}).Order("id").Pluck("id", &ids).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids {
		r, err := models.FindRequest(db, id)
		if err == nil {
			err = models.Decide(db, admin, r, models.DecisionApprove, "")
		}
		if err != nil {
			t.Fatalf("approve request %d: %v", id, err)
		}
	}
}
