package controllers_test

import (
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// "Request Similar VM": the form pre-filled from a request the user may
// see, with no VM Name and today's Request Date.
func TestRequestSimilarVM(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := decisionFixture(t)
	if !strings.Contains(alice.Get(path).Body, `href="/vms/new?from=1">Request Similar VM</a>`) {
		t.Error("the detail page does not link to Request Similar VM")
	}
	for who, c := range map[string]*apptest.Client{"owner": alice, "admin": admin} {
		r := c.Get("/vms/new?from=1")
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", who, r.Status)
		}
		for _, want := range []string{`data-testid="similar-from"`, `id="f-vm_name" name="vm_name" value=""`,
			`id="f-request_date" name="request_date" value="` + models.Today().Format(models.DateLayout) + `"`,
			`id="f-cpus" name="cpus" value="4"`, `value="Grace Hopper"`, `name="vlan_id" value="10"`, `name="vlan_name" value="web"`,
			`name="vlan_id" value="20"`, ">Submit Request<", `action="/vms/new"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("%s: the pre-filled form lacks %s", who, want)
			}
		}
	}
	bob := env.LoggedIn("bob", models.RoleUser)
	for q, c := range map[string]*apptest.Client{"1": bob, "abc": alice, "0": alice, "999": admin, "-3": admin} {
		if r := c.Get("/vms/new?from=" + q); r.Status != http.StatusNotFound || strings.Contains(r.Body, "Ada Lovelace") {
			t.Errorf("?from=%s: %d, want 404", q, r.Status)
		}
	}
	if r := env.Client().Get("/vms/new?from=1"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("anonymous: %d → %q", r.Status, r.Location)
	}
	// The copy is submitted under its own name as a new Pending request.
	form := requestForm("wf-02")
	if r := alice.PostForm("/vms/new", form); r.Status != http.StatusSeeOther {
		t.Errorf("submitting the copy: %d", r.Status)
	}
}

// The list's Status filter and badges know every status, Cancelled and
// Decommissioned included.
func TestListKnowsEveryStatus(t *testing.T) {
	t.Parallel()
	_, alice, admin, path, version := lifecycleFixture(t, models.StatusActive)
	decide(admin, path, "decommission", version, "Retired")
	cancelled := submit(t, alice, requestForm("wf-02"))
	decide(alice, cancelled, "cancel", 1, "Not needed")
	list := alice.Get("/vms").Body
	for _, s := range models.Statuses {
		if !strings.Contains(list, `<option value="`+s+`">`+s+`</option>`) {
			t.Errorf("the Status filter lacks %s", s)
		}
	}
	for _, want := range []string{`<span class="badge text-bg-dark">Decommissioned</span>`, `<span class="badge text-bg-secondary">Cancelled</span>`} {
		if !strings.Contains(list, want) {
			t.Errorf("the list lacks %s", want)
		}
	}
	for status, name := range map[string]string{models.StatusCancelled: ">wf-02<", models.StatusDecommissioned: ">wf-01<"} {
		page := admin.Get("/vms?status=" + status).Body
		if !strings.Contains(page, name) || strings.Count(page, `<th scope="row"`) != 1 {
			t.Errorf("?status=%s does not list just %s", status, name)
		}
	}
}
