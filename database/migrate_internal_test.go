package database

import (
	"testing"
	"testing/fstest"
)

func TestMigrationsFromOrdersFilesAfterTheBaseline(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"schema.sql":                 {Data: []byte("CREATE TABLE a (x int);")},
		"migrations/0002_second.sql": {Data: []byte("two")},
		"migrations/0001_first.sql":  {Data: []byte("one")},
		"migrations/README.md":       {Data: []byte("not a migration")},
		"migrations/0003_third.sql":  {Data: []byte("three")},
	}
	got, err := migrationsFrom(fsys, "schema.sql", "migrations")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{baselineName, "0001_first.sql", "0002_second.sql", "0003_third.sql"}
	if len(got) != len(want) {
		t.Fatalf("got %d migrations, want %d", len(got), len(want))
	}
	for i, m := range got {
		if m.Name != want[i] {
			t.Errorf("migration %d = %s, want %s", i, m.Name, want[i])
		}
	}
	if got[1].SQL != "one" {
		t.Errorf("0001 SQL = %q", got[1].SQL)
	}
}

func TestEmbeddedMigrationsStartWithTheSchema(t *testing.T) {
	t.Parallel()
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Name != baselineName || len(ms[0].SQL) < 100 {
		t.Fatalf("first migration = %s (%d bytes), want the baseline schema", ms[0].Name, len(ms[0].SQL))
	}
}
