package database_test

import (
	"context"
	"testing"

	"vmportal/database/testdb"
)

// TestSuggestionsVersionMoves: the suggestions' version (migration 0025)
// moves when a value is used for the first time and when the hosts
// change, and stays when a save uses only values already known.
func TestSuggestionsVersionMoves(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()
	version := func() (v int64) {
		t.Helper()
		if err := db.Pool.QueryRow(ctx, `SELECT version FROM data_versions WHERE name = 'suggestions'`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	steps := []struct {
		name, sql string
		moves     bool
	}{
		{"a new value", `INSERT INTO vm_suggestions (field, value) VALUES ('operating_system', 'Plan 9') ON CONFLICT DO NOTHING`, true},
		{"the same value again", `INSERT INTO vm_suggestions (field, value) VALUES ('operating_system', 'Plan 9') ON CONFLICT DO NOTHING`, false},
		{"a host registered", `INSERT INTO virtual_hosts (name, physical_location, cpu_cores, ram_gb, disk_gb, cpu_overcommit, ram_overcommit)
			VALUES ('esx-01', 'DC1', 16, 64, 1000, 1, 1)`, true},
		{"a host retired", `UPDATE virtual_hosts SET retired_at = now()`, true},
		{"a rolled back value", `DO $$ BEGIN INSERT INTO vm_suggestions (field, value) VALUES ('operating_system', 'BeOS'); RAISE EXCEPTION 'undo'; END $$`, false},
	}
	for _, s := range steps {
		before := version()
		_, err := db.Pool.Exec(ctx, s.sql)
		if err != nil && s.moves {
			t.Fatalf("%s: %v", s.name, err)
		}
		if moved := version() != before; moved != s.moves {
			t.Errorf("%s: the version moved: %v, want %v", s.name, moved, s.moves)
		}
	}
}
