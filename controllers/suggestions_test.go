package controllers_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
)

// TestSuggestionsKeptUntilTheyChange: the forms' suggestions are read once
// and then kept, costing a page no statement, until the version read with
// the session moves: a value used for the first time elsewhere (here
// written straight into the table, as another instance of the app would)
// and a host registered both show on the next page.
func TestSuggestionsKeptUntilTheyChange(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	for path, want := range map[string]int{"/vms/new": 1, "/vms": 2} { // session and user; the list's rows
		admin.Get(path)
		if n := env.CountStatements(func() { admin.Get(path) }); n != want {
			t.Errorf("GET %s with the suggestions kept: %d statements, want %d", path, n, want)
		}
	}

	if err := env.DB.Gorm.Exec(`INSERT INTO vm_suggestions (field, value) VALUES ('operating_system', 'Plan 9')`).Error; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(admin.Get("/vms/new").Body, `<option value="Plan 9">`) {
		t.Error("a value used elsewhere is not suggested on the next form")
	}
	if !strings.Contains(admin.Get("/vms").Body, `<option value="Plan 9">`) {
		t.Error("a value used elsewhere is not suggested on the next list page")
	}

	registerHost(t, admin, hostForm("esx-later"))
	if !strings.Contains(admin.Get("/vms/new").Body, `<option value="esx-later">`) {
		t.Error("a host registered after the suggestions were kept is not suggested")
	}
}
