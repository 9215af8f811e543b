package database_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func openEmpty(t *testing.T) *database.DB {
	t.Helper()
	db, err := database.Open(testdb.NewEmpty(t), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

func count(t *testing.T, db *database.DB, sql string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestInitDBTwiceIsANoOp(t *testing.T) {
	t.Parallel()
	db := openEmpty(t)
	ctx := context.Background()
	if err := database.CheckSchema(ctx, db.Pool); err != database.ErrNoSchema {
		t.Fatalf("CheckSchema on an empty database = %v, want ErrNoSchema", err)
	}
	if err := database.InitDB(ctx, db, "first-password-1", 12, quiet); err != nil {
		t.Fatal(err)
	}
	if err := database.CheckSchema(ctx, db.Pool); err != nil {
		t.Fatalf("CheckSchema after init-db: %v", err)
	}
	state := func() [4]int {
		return [4]int{
			count(t, db, "SELECT count(*) FROM schema_migrations"),
			count(t, db, "SELECT count(*) FROM users"),
			count(t, db, "SELECT count(*) FROM audit_log"),
			count(t, db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"),
		}
	}
	first := state()
	var hash1 string
	db.Pool.QueryRow(ctx, "SELECT password_hash FROM users WHERE username = 'admin'").Scan(&hash1)

	// Again, with another ADMIN_PASSWORD: nothing changes, the admin keeps
	// the password it was created with.
	if err := database.InitDB(ctx, db, "second-password-2", 12, quiet); err != nil {
		t.Fatal(err)
	}
	applied, err := database.Migrate(ctx, db.Pool, mustMigrations(t), quiet)
	if err != nil || len(applied) != 0 {
		t.Fatalf("third run applied %v (err %v), want nothing", applied, err)
	}
	if second := state(); second != first {
		t.Fatalf("state after second init-db %v, after first %v", second, first)
	}
	var hash2 string
	db.Pool.QueryRow(ctx, "SELECT password_hash FROM users WHERE username = 'admin'").Scan(&hash2)
	if hash1 != hash2 {
		t.Fatal("second init-db changed the admin's password")
	}
	admin, err := models.Authenticate(db.Gorm, "admin", "first-password-1")
	if err != nil || admin.Role != models.RoleAdmin {
		t.Fatalf("seeded admin cannot log in with ADMIN_PASSWORD: %v", err)
	}
	if first[2] != 1 {
		t.Errorf("seeding wrote %d audit rows, want 1 (user.created)", first[2])
	}
}

func TestConcurrentInitDBAppliesEverythingOnce(t *testing.T) {
	t.Parallel()
	url := testdb.NewEmpty(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := database.Open(url, quiet)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			errs[i] = database.InitDB(context.Background(), db, "SvaTecnica1", 12, quiet)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
	db, _ := database.Open(url, quiet)
	defer db.Close()
	if n := count(t, db, "SELECT count(*) FROM users"); n != 1 {
		t.Fatalf("%d users after concurrent init-db, want 1", n)
	}
	if n, want := count(t, db, "SELECT count(*) FROM schema_migrations"), len(mustMigrations(t)); n != want {
		t.Fatalf("%d migrations recorded, want %d", n, want)
	}
	// Each database makes its own signing key (migration 0027).
	key, err := database.SiteKey(context.Background(), db.Gorm, "anonymous_sessions")
	if err != nil || len(key) != 32 {
		t.Fatalf("site key: %d bytes, %v; want 32", len(key), err)
	}
	other := testdb.Open(t)
	if templates, _ := database.SiteKey(context.Background(), other.Gorm, "anonymous_sessions"); bytes.Equal(key, templates) {
		t.Fatal("two databases made the same site key")
	}
}

func TestMigrateRecordsEachFileOnceAndStopsAtAFailure(t *testing.T) {
	t.Parallel()
	db := openEmpty(t)
	ctx := context.Background()
	ms := []database.Migration{
		{Name: "0000_base.sql", SQL: "CREATE TABLE t (x int)"},
		{Name: "0001_add.sql", SQL: "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"},
	}
	if applied, err := database.Migrate(ctx, db.Pool, ms, quiet); err != nil || len(applied) != 2 {
		t.Fatalf("applied %v, err %v", applied, err)
	}
	broken := append(ms, database.Migration{Name: "0002_broken.sql", SQL: "INSERT INTO t VALUES (3); SELECT nonsense"})
	if _, err := database.Migrate(ctx, db.Pool, broken, quiet); err == nil {
		t.Fatal("a failing migration reported success")
	}
	// The failed file left nothing behind (its insert rolled back) and is
	// not recorded, so it runs again once fixed.
	if n := count(t, db, "SELECT count(*) FROM t"); n != 2 {
		t.Fatalf("rows in t = %d, want 2", n)
	}
	fixed := append(ms, database.Migration{Name: "0002_broken.sql", SQL: "INSERT INTO t VALUES (3)"})
	if applied, err := database.Migrate(ctx, db.Pool, fixed, quiet); err != nil || len(applied) != 1 || applied[0] != "0002_broken.sql" {
		t.Fatalf("after fix applied %v, err %v", applied, err)
	}
}

func mustMigrations(t *testing.T) []database.Migration {
	t.Helper()
	ms, err := database.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms
}
