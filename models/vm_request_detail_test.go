package models_test

import (
	"testing"

	"vmportal/models"
)

// A detail loaded WithChanges carries what each update changed but not
// the state it replaced; WithVersions carries every version, which
// Version needs and refuses to guess without.
func TestRequestDetailScopes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("scope-01"))
	f.edit(t, r, map[string]string{"cpus": "8"})
	f.edit(t, r, map[string]string{"cpus": "16"})

	changes, err := models.LoadRequestDetail(f.base, r.ID, models.WithChanges)
	if err != nil {
		t.Fatal(err)
	}
	if got := changes.Original.Request().CPUs; got != 4 {
		t.Errorf("original submission: %d CPUs, want 4", got)
	}
	if len(changes.Updates) != 2 {
		t.Fatalf("%d updates, want 2", len(changes.Updates))
	}
	for i, want := range []struct{ old, new string }{{"4", "8"}, {"8", "16"}} {
		u := changes.Updates[i]
		if len(u.Changes) != 1 || u.Changes[0].Old != want.old || u.Changes[0].New != want.new {
			t.Errorf("update %d changes = %+v, want CPUs %s → %s", i+1, u.Changes, want.old, want.new)
		}
		if u.Snapshot.Version() != 0 || u.Snapshot.Request().VMName != "" {
			t.Errorf("update %d carries the state it replaced without WithVersions", i+1)
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Version answered from a detail loaded WithChanges")
			}
		}()
		changes.Version(2)
	}()

	versions, err := models.LoadRequestDetail(f.base, r.ID, models.WithVersions)
	if err != nil {
		t.Fatal(err)
	}
	for n, cpus := range map[int]int{1: 4, 2: 8, 3: 16} {
		if s, ok := versions.Version(n); !ok || s.Version() != n || s.Request().CPUs != cpus {
			t.Errorf("version %d: ok %v, v%d with %d CPUs; want %d CPUs", n, ok, s.Version(), s.Request().CPUs, cpus)
		}
	}
	if _, ok := versions.Version(4); ok {
		t.Error("a version the request never had")
	}
}
