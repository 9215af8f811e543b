package testdb

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The sweep drops a test database made longer than leftoverAge ago that
// nothing uses, and keeps a recent one, an old one still in use and one
// whose name does not say when it was made.
func TestSweepDropsOnlyOldLeftovers(t *testing.T) {
	if err := prepareTemplate(); err != nil {
		t.Fatalf("prepare template: %v", err)
	}
	ctx := context.Background()
	tmpl, err := url.Parse(TemplateURL())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, withDatabase(tmpl, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	now := time.Now()
	long := now.Add(-leftoverAge - time.Hour)
	old, busy, recent := newName(long), newName(long), newName(now.Add(-time.Hour))
	unstamped := namePrefix + randomSuffix() // the names made before the stamp
	for _, name := range []string{old, busy, recent, unstamped} {
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_, _ = admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		})
	}
	user, err := pgx.Connect(ctx, withDatabase(tmpl, busy))
	if err != nil {
		t.Fatal(err)
	}
	defer user.Close(ctx)

	sweepLeftovers(ctx, now)

	for name, want := range map[string]bool{old: false, busy: true, recent: true, unstamped: true} {
		var exists bool
		if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		if exists != want {
			t.Errorf("%s: exists %v after the sweep, want %v", name, exists, want)
		}
	}
}

// newName's stamp reads back to the second.
func TestNameStampReadsBack(t *testing.T) {
	at := time.Date(2026, 12, 3, 8, 40, 5, 0, time.UTC)
	if got, ok := madeAt(newName(at)); !ok || !got.Equal(at) {
		t.Errorf("madeAt(newName(%v)) = %v, %v", at, got, ok)
	}
	for _, name := range []string{"vmportal_t_0123abcd", "vmportal_t_zz_01", "vmportal_test", "other_65f0_01"} {
		if _, ok := madeAt(name); ok {
			t.Errorf("madeAt(%q) read a stamp", name)
		}
	}
}
