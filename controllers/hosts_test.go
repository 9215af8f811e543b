package controllers_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// hostForm is a host form that passes every rule.
func hostForm(name string) url.Values {
	return url.Values{"name": {name}, "physical_location": {"DC1"}, "cpu_cores": {"16"}, "ram_gb": {"64"},
		"disk_gb": {"1000"}, "cpu_overcommit": {"2"}, "ram_overcommit": {"1.5"}}
}

// registerHost posts form as c and fails the test unless it is accepted.
func registerHost(t *testing.T, c *apptest.Client, form url.Values) {
	t.Helper()
	postToList(t, c, "/hosts/new", form, "/hosts")
}

// postToList posts form to path as c and fails the test unless the app
// accepts it and goes back to the list at list.
func postToList(t *testing.T, c *apptest.Client, path string, form url.Values, list string) {
	t.Helper()
	if r := c.PostForm(path, form); r.Status != http.StatusSeeOther || r.Location != list {
		t.Fatalf("POST %s: %d\n%s", path, r.Status, r.Body)
	}
}

// idByName returns the id of the row named name in table (hosts still
// registered, or policies).
func idByName(t *testing.T, env *apptest.Env, table, name string) string {
	t.Helper()
	var id string
	q := map[string]string{
		"virtual_hosts":     "SELECT id::text FROM virtual_hosts WHERE name = $1 AND retired_at IS NULL",
		"approval_policies": "SELECT id::text FROM approval_policies WHERE name = $1",
	}[table]
	if err := env.DB.Pool.QueryRow(t.Context(), q, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// adminAnd is a fresh app with the seeded admin and one more account
// (username, role), each logged in on a client of their own.
func adminAnd(t *testing.T, username, role string) (env *apptest.Env, admin, other *apptest.Client) {
	t.Helper()
	env = apptest.New(t)
	env.CreateUser(username, role)
	admin, other = env.Client(), env.Client()
	admin.Login("admin", apptest.AdminPassword)
	other.Login(username, apptest.Password)
	return env, admin, other
}

func TestHostsRegisterEditRetire(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	page := admin.Get("/hosts/new")
	for _, label := range []string{"Name", "Physical Location", "CPU Cores", "RAM (GB)", "Disk (GB)", "CPU Overcommit", "RAM Overcommit"} {
		if !strings.Contains(page.Body, `class="form-label">`+label+`</label>`) {
			t.Errorf("the host form lacks the label %q", label)
		}
	}
	registerHost(t, admin, hostForm("esx-01"))
	list := admin.Get("/hosts")
	for _, want := range []string{"<h1 class=\"h3 mb-0\">Virtual Hosts</h1>", "esx-01", "2.00", "1.50", "0 of 32 cores (0%)", "0 of 96 GB (0%)", "0 of 1,000 GB (0%)", "<svg class=\"usage-bar\""} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("/hosts lacks %q", want)
		}
	}

	// Bad input: 422, the form again with what was typed and the reasons.
	bad := hostForm("esx-02")
	bad.Set("cpu_cores", "0")
	bad.Set("ram_overcommit", "11")
	r := admin.PostForm("/hosts/new", bad)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="esx-02"`) || !strings.Contains(r.Body, `value="11"`) ||
		!strings.Contains(r.Body, "CPU Cores must be a whole number") || !strings.Contains(r.Body, "RAM Overcommit must be a ratio from 1.00 to 10.00") {
		t.Fatalf("bad host: %d\n%s", r.Status, r.Body)
	}
	if r := admin.PostForm("/hosts/new", hostForm("ESX-01")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "already registered") {
		t.Fatalf("duplicate host name: %d", r.Status)
	}

	id := idByName(t, env, "virtual_hosts", "esx-01")
	edit := hostForm("esx-01")
	edit.Set("cpu_cores", "24")
	if r := admin.PostForm("/hosts/"+id+"/edit", edit); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.Status, r.Body)
	}
	if !strings.Contains(admin.Get("/hosts").Body, "0 of 48 cores") {
		t.Error("the edit did not change the capacity")
	}
	if rows := env.AuditEntries(models.ActionHostUpdated); len(rows) != 1 || !strings.Contains(jsonText(rows[0].Details), `"new":"24"`) {
		t.Errorf("edit audit: %+v", rows)
	}
	if r := admin.PostForm("/hosts/"+id+"/retire", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("retire: %d", r.Status)
	}
	if list := admin.Get("/hosts"); !strings.Contains(list.Body, "Retired hosts") || strings.Contains(list.Body, "Edit esx-01") {
		t.Error("the retired host is still registered")
	}
	if r := admin.Get("/hosts/" + id + "/edit"); r.Status != http.StatusNotFound {
		t.Errorf("edit a retired host: %d", r.Status)
	}
	if r := admin.Get("/hosts/x/edit"); r.Status != http.StatusNotFound {
		t.Errorf("garbage id: %d", r.Status)
	}
	for _, a := range []string{models.ActionHostCreated, models.ActionHostRetired} {
		if len(env.AuditEntries(a)) != 1 {
			t.Errorf("%s not audited once", a)
		}
	}
}

// TestHostUsageAndSuggestion: /hosts draws what approved requests take,
// and the request form suggests the registered host.
func TestHostUsageAndSuggestion(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	registerHost(t, admin, hostForm("esx-registered"))
	form := requestForm("used-01")
	form.Set("virtual_host", "ESX-Registered")
	path := submit(t, admin, form)
	if !strings.Contains(admin.Get("/hosts").Body, "0 of 32 cores") {
		t.Error("a Pending request counted")
	}
	admin.DecideRequest(path, models.DecisionApprove, 1, "")
	usage := admin.Get("/hosts").Body
	for _, want := range []string{"4 of 32 cores (12%)", "16 of 96 GB (16%)", "200 of 1,000 GB (20%)", `<rect width="12"`} {
		if !strings.Contains(usage, want) {
			t.Errorf("/hosts lacks %q", want)
		}
	}
	if !strings.Contains(admin.Get("/vms/new").Body, `<option value="esx-registered">`) {
		t.Error("the request form does not suggest the registered host")
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestEditPastCapacityIs422: an admin's edit that grows an Approved
// request past its host is refused beside the field, the input kept.
func TestEditPastCapacityIs422(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	registerHost(t, admin, hostForm("esx-01")) // 32 virtual CPUs
	path := submit(t, admin, requestForm("edit-cap-01"))
	admin.DecideRequest(path, models.DecisionApprove, 1, "")
	form := requestForm("edit-cap-01")
	form.Set("version", "2")
	form.Set("cpus", "33")
	r := admin.PostForm(path+"/edit", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "This change would put host esx-01 over capacity: CPU 33 of 32 cores (16 × 2.00 overcommit).") ||
		!strings.Contains(r.Body, `value="33"`) {
		t.Fatalf("edit past capacity: %d\n%s", r.Status, r.Body)
	}
	if s, v, _ := status(t, env); s != models.StatusApproved || v != 2 {
		t.Fatalf("the refused edit changed the request: %s v%d", s, v)
	}
}

// TestRestorePastCapacityIs422: restoring an Approved request to a
// version that no longer fits its host is refused like such an edit,
// beside the field, and saves nothing.
func TestRestorePastCapacityIs422(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	registerHost(t, admin, hostForm("esx-01")) // 32 virtual CPUs
	path := submit(t, admin, requestForm("restore-cap-01"))
	admin.EditRequest(path, "restore-cap-01", 1, map[string]string{"cpus": "33"}) // Pending: not weighed yet
	admin.EditRequest(path, "restore-cap-01", 2, map[string]string{"cpus": "4"})
	admin.DecideRequest(path, models.DecisionApprove, 3, "")
	r := restore(admin, path, 2, 4)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "This change would put host esx-01 over capacity: CPU 33 of 32 cores (16 × 2.00 overcommit).") ||
		!strings.Contains(r.Body, `data-testid="restore-refused"`) {
		t.Fatalf("restore past capacity: %d\n%s", r.Status, pageError(r.Body))
	}
	if s, v, _ := status(t, env); s != models.StatusApproved || v != 4 {
		t.Fatalf("the refused restore changed the request: %s v%d", s, v)
	}
}
