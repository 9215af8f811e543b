package controllers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"vmportal/app/apptest"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

func restore(c *apptest.Client, path string, n, based int) *apptest.Response {
	return c.PostForm(path+"/restore", url.Values{"restore": {strconv.Itoa(n)}, "version": {strconv.Itoa(based)}})
}

// An admin restores version 1 of an approved request: a new version with
// version 1's details, the status as the workflow left it, and "restored
// from version 1" in the history and the audit trail.
func TestAdminRestoresVersion(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := compareFixture(t) // version 3, Approved
	r := restore(admin, path, 1, 3)
	if r.Status != http.StatusSeeOther || r.Location != path {
		t.Fatalf("restore: %d → %q\n%s", r.Status, r.Location, r.Body)
	}
	s, v, _ := status(t, env)
	if s != models.StatusApproved || v != 4 {
		t.Fatalf("after the restore: %s v%d, want Approved v4", s, v)
	}
	page := alice.Get(path).Body
	for _, want := range []string{`<p class="mb-1 small" data-testid="restored-from">Restored from version 1</p>`,
		"<del>8</del> → <ins>4</ins>", "<del>10 (frontend), 30 (db)</del> → <ins>10 (web), 20</ins>"} {
		if !strings.Contains(page, want) {
			t.Errorf("history lacks %s", want)
		}
	}
	if !strings.Contains(admin.Get(path).Body, "Version 1 restored as version 4.") {
		t.Error("no flash after the restore")
	}
	rows := env.AuditEntries(models.ActionRequestRestored)
	if len(rows) != 1 || !strings.Contains(strings.Join(views.AuditDetailLines(i18n.For(i18n.English), rows[0]), ";"), "restored from version 1;CPUs: 8 → 4") {
		t.Fatalf("restore audit = %+v", rows)
	}
	if trail := admin.Get("/audit?action=request.restored").Body; !strings.Contains(trail, "Request restored") {
		t.Error("the audit trail does not label restores")
	}
}

// Who may restore, and who sees "Restore this version": admins always,
// the owner while Pending; another user gets 404, an anonymous visitor
// the login page.
func TestRestorePermissions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, status, who string
		want              int
	}{
		{"owner, Pending", models.StatusPending, "owner", 303},
		{"owner, Approved", models.StatusApproved, "owner", 403},
		{"owner, Active", models.StatusActive, "owner", 403},
		{"admin, Pending", models.StatusPending, "admin", 303},
		{"admin, Active", models.StatusActive, "admin", 303},
		{"other user", models.StatusPending, "other", 404},
		{"anonymous", models.StatusPending, "anonymous", 303},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, alice, admin, path, version := lifecycleFixture(t, tc.status)
			admin.EditRequest(path, "wf-01", version, map[string]string{"cpus": "8"})
			version++
			c := map[string]*apptest.Client{"owner": alice, "admin": admin, "anonymous": env.Client()}[tc.who]
			if tc.who == "other" {
				env.CreateUser("bob", models.RoleUser)
				c = env.Client()
				c.Login("bob", apptest.Password)
			}
			if tc.who != "anonymous" && tc.want != 404 {
				if offered := strings.Contains(c.Get(path).Body, ">Restore this version<"); offered != (tc.want == 303) {
					t.Errorf("Restore this version offered: %v", offered)
				}
			}
			r := restore(c, path, 1, version)
			if r.Status != tc.want {
				t.Fatalf("restore: %d, want %d\n%s", r.Status, tc.want, r.Body)
			}
			if tc.who == "anonymous" && !strings.HasPrefix(r.Location, "/login") {
				t.Errorf("anonymous sent to %q", r.Location)
			}
			if _, v, _ := status(t, env); (v == version+1) != (tc.want == 303 && tc.who != "anonymous") {
				t.Errorf("version after: %d", v)
			}
		})
	}
}

// A version whose details break today's rules (its VM name is now taken)
// comes back as the edit form, 422, with the errors and that version's
// details; nothing is saved.
func TestRestoreRefusedByTodaysRules(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := decisionFixture(t)
	alice.EditRequest(path, "wf-renamed", 1, map[string]string{"cpus": "8"})
	submit(t, alice, requestForm("wf-01")) // takes the old name
	r := restore(admin, path, 1, 2)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("restore: %d, want 422", r.Status)
	}
	for _, want := range []string{`data-testid="restore-refused"`, "Version 1 cannot be restored as it was",
		"is already Pending, Approved or Active", `id="f-vm_name" name="vm_name" value="wf-01"`, `id="f-cpus" name="cpus" value="4"`,
		`name="version" value="2"`, ">Save Changes<", `action="` + path + `/edit"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("edit form lacks %s", want)
		}
	}
	var name string
	var v int
	if err := env.DB.Pool.QueryRow(t.Context(), "SELECT vm_name, version FROM vm_requests WHERE id = 1").Scan(&name, &v); err != nil {
		t.Fatal(err)
	}
	if name != "wf-renamed" || v != 2 || len(env.AuditEntries(models.ActionRequestRestored)) != 0 {
		t.Fatalf("a refused restore saved: %s v%d", name, v)
	}
}

// Garbage and versions that are not earlier ones: 400 or 404, never 500.
// A restore based on a version that moved on: 409.
func TestRestoreBadInputAndStaleVersion(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := decisionFixture(t)
	alice.EditRequest(path, "wf-01", 1, map[string]string{"cpus": "8"})
	for _, tc := range []struct {
		form url.Values
		want int
	}{
		{url.Values{"restore": {"abc"}, "version": {"2"}}, 400},
		{url.Values{"restore": {"1"}}, 400},
		{url.Values{"restore": {"2"}, "version": {"2"}}, 404}, // the current version
		{url.Values{"restore": {"9"}, "version": {"2"}}, 404},
		{url.Values{"restore": {"0"}, "version": {"2"}}, 404},
		{url.Values{"restore": {"1"}, "version": {"1"}}, 409}, // loaded before the edit
	} {
		if r := admin.PostForm(path+"/restore", tc.form); r.Status != tc.want {
			t.Errorf("%v: %d, want %d", tc.form, r.Status, tc.want)
		}
	}
	if r := restore(admin, "/vms/999", 1, 1); r.Status != http.StatusNotFound {
		t.Errorf("unknown request: %d", r.Status)
	}
	if _, v, _ := status(t, env); v != 2 {
		t.Fatalf("version %d after refused restores", v)
	}
}

// A restore and an edit based on the same version at once: one wins, the
// other answers 409, and the history has one row for it.
func TestRestoreRacingEditOneWins(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := decisionFixture(t)
	alice.EditRequest(path, "wf-01", 1, map[string]string{"cpus": "8"})
	edit := requestForm("wf-01")
	edit.Set("version", "2")
	edit.Set("ram_gb", "64")
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, post := range []func() *apptest.Response{
		func() *apptest.Response { return restore(admin, path, 1, 2) },
		func() *apptest.Response { return alice.PostForm(path+"/edit", edit) },
	} {
		wg.Add(1)
		go func() { defer wg.Done(); codes[i] = post().Status }()
	}
	wg.Wait()
	if !(codes[0] == 303 && codes[1] == 409 || codes[0] == 409 && codes[1] == 303) {
		t.Fatalf("restore vs edit answered %v, want one 303 and one 409", codes)
	}
	var histories, ram int
	if err := env.DB.Pool.QueryRow(t.Context(),
		"SELECT (SELECT count(*) FROM vm_history WHERE kind = 'updated'), ram_gb FROM vm_requests").Scan(&histories, &ram); err != nil {
		t.Fatal(err)
	}
	restored := len(env.AuditEntries(models.ActionRequestRestored))
	if _, v, _ := status(t, env); v != 3 || histories != 2 || (restored == 1) != (codes[0] == 303) || (ram == 64) != (codes[1] == 303) {
		t.Fatalf("after the race: v%d, %d history rows, %d restores, RAM %d", v, histories, restored, ram)
	}
}
