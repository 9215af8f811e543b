package database_test

import (
	"io"
	"log/slog"
	"runtime"
	"testing"

	"vmportal/database"
	"vmportal/database/testdb"
)

// TestThePoolIsSizedToTheCPUs: the main pool keeps pgxpool's size (the
// larger of 4 and the CPUs), and a connection string's pool_max_conns
// wins; the name search's pool of generic plans is as large.
func TestThePoolIsSizedToTheCPUs(t *testing.T) {
	t.Parallel()
	url := testdb.New(t)
	for _, tc := range []struct {
		query string
		want  int32
	}{
		{"", int32(max(4, runtime.NumCPU()))},
		{"&pool_max_conns=7", 7},
	} {
		db, err := database.Open(url+tc.query, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		if got := db.Pool.Config().MaxConns; got != tc.want {
			t.Errorf("%q: %d connections at most, want %d", tc.query, got, tc.want)
		}
		if got := database.GenericPool(db).Config().MaxConns; got != tc.want {
			t.Errorf("%q: the generic-plan pool has %d connections at most, want %d", tc.query, got, tc.want)
		}
		db.Close()
	}
}
