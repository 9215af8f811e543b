package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// compareFixture: alice's request at version 3 — version 2 has 8 CPUs and
// VLAN 10 renamed, 20 removed, 30 added; version 3 is the approval with a
// Note.
func compareFixture(t *testing.T) (env *apptest.Env, alice, admin *apptest.Client, path string) {
	t.Helper()
	env, alice, admin, path = decisionFixture(t)
	form := requestForm("wf-01")
	form.Set("version", "1")
	form.Set("cpus", "8")
	form["vlan_id"], form["vlan_name"] = []string{"10", "30"}, []string{"frontend", "db"}
	if r := alice.PostForm(path+"/edit", form); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.Status)
	}
	if r := admin.PostForm(path+"/approve", url.Values{"version": {"2"}, "note": {"Room on esx-02"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	return env, alice, admin, path
}

// Version 1 against the latest: the fields that differ, each VLAN added,
// removed or renamed on its own row, nothing that stayed the same.
func TestCompareVersions(t *testing.T) {
	t.Parallel()
	_, alice, _, path := compareFixture(t)
	r := alice.Get(path + "/compare?from=1&to=3")
	if r.Status != http.StatusOK {
		t.Fatalf("compare: %d", r.Status)
	}
	for _, want := range []string{
		`<h1 class="h3 mb-3">Compare versions</h1>`,
		`<label for="from" class="form-label">From version</label>`, `<label for="to" class="form-label">To version</label>`,
		`<option value="1" selected>Version 1 (original submission)</option>`, `<option value="3" selected>Version 3 (current)</option>`,
		`<th scope="col">Field</th><th scope="col">Version 1</th><th scope="col">Version 3</th>`,
		"<th scope=\"row\">CPUs</th>\n        <td class=\"notes-text\">4</td>\n        <td class=\"notes-text\">8</td>",
		`data-vlan="renamed"`, ">10 (web)<", ">10 (frontend)<",
		`data-vlan="removed"`, `data-vlan="added"`, ">30 (db)<",
		">Pending<", ">Approved<", ">Room on esx-02<",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("compare page lacks %s", want)
		}
	}
	if strings.Contains(r.Body, ">Operating System<") || strings.Contains(r.Body, ">RAM (GB)<") {
		t.Error("the comparison lists fields that did not change")
	}
	// Without a choice: the original submission against the current version.
	if def := alice.Get(path + "/compare"); def.Status != http.StatusOK || !strings.Contains(def.Body, `<th scope="col">Version 1</th><th scope="col">Version 3</th>`) {
		t.Errorf("default comparison: %d", def.Status)
	}
	same := alice.Get(path + "/compare?from=2&to=2")
	if same.Status != http.StatusOK || !strings.Contains(same.Body, "Version 2 and version 2 have the same details.") {
		t.Errorf("a version with itself: %d", same.Status)
	}
	back := alice.Get(path + "/compare?from=3&to=2")
	if !strings.Contains(back.Body, `<th scope="col">Version 3</th><th scope="col">Version 2</th>`) || !strings.Contains(back.Body, ">Room on esx-02<") {
		t.Error("a later version against an earlier one")
	}
}

// The detail page links to the comparison, and each Update History entry
// compares the version it replaced with the current one.
func TestDetailPageLinksToComparisons(t *testing.T) {
	t.Parallel()
	_, alice, _, path := compareFixture(t)
	page := alice.Get(path).Body
	for _, want := range []string{
		`href="` + path + `/compare?from=1&amp;to=3">Compare versions</a>`,
		`href="` + path + `/compare?from=1&amp;to=3">Compare version 1 with the current one</a>`,
		`href="` + path + `/compare?from=2&amp;to=3">Compare version 2 with the current one</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("detail page lacks %s", want)
		}
	}
}

// Versions that are not numbers of this request answer 422 with the page,
// never a 500; others' requests 404; anonymous visitors go to login.
func TestCompareBadInputAndPermissions(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := compareFixture(t)
	for _, q := range []string{"from=abc", "from=0&to=3", "from=1&to=4", "to=-1", "from=1.5", "from=99999999999999999999"} {
		r := alice.Get(path + "/compare?" + q)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose two versions from 1 to 3.") ||
			strings.Contains(r.Body, "<table") {
			t.Errorf("?%s: %d", q, r.Status)
		}
	}
	bob := env.LoggedIn("bob", models.RoleUser)
	for who, tc := range map[string]struct {
		c    *apptest.Client
		path string
		want int
	}{
		"owner": {alice, path, 200}, "admin": {admin, path, 200}, "other user": {bob, path, 404},
		"anonymous": {env.Client(), path, 303}, "unknown request": {admin, "/vms/999", 404}, "bad id": {admin, "/vms/x", 404},
	} {
		if r := tc.c.Get(tc.path + "/compare?from=1&to=2"); r.Status != tc.want {
			t.Errorf("%s: %d, want %d", who, r.Status, tc.want)
		}
	}
}
