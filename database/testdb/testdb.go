// Package testdb gives each test a database of its own: a fresh clone of
// the template database that `make test` initialises (TEST_DATABASE_URL,
// normally vmportal_test), dropped when the test ends (and, should the
// run be killed, by a later run: sweepLeftovers). Cloning takes a
// fraction of a second, so tests never share or clean up state.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"vmportal/database"
)

// DefaultURL is used when TEST_DATABASE_URL is not set; it is what
// `scripts/pg-bootstrap.sh vmportal_test` creates.
const DefaultURL = "postgres://vmportal:vmportal@127.0.0.1:5432/vmportal_test?sslmode=disable"

// TemplateURL returns the URL of the template database.
func TemplateURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

var (
	prepareOnce sync.Once
	prepareErr  error
)

// prepareTemplate brings the template up to date once per test binary, so
// `go test` works even when the schema changed since `make test` last ran.
// Migrate and SeedAdmin take the same lock and are no-ops when up to date.
func prepareTemplate() error {
	prepareOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		db, err := database.Open(TemplateURL(), slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			prepareErr = err
			return
		}
		defer db.Close()
		// Every test binary starts here at once; on two busy cores a
		// connection can miss the pool's 5 s connect timeout, so try again
		// while the minute lasts (InitDB is a no-op when up to date).
		for {
			prepareErr = database.InitDB(ctx, db, "SvaTecnica1", 12, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if prepareErr == nil || ctx.Err() != nil {
				break
			}
			time.Sleep(time.Second)
		}
		if prepareErr == nil {
			sweepLeftovers(ctx, time.Now())
		}
	})
	return prepareErr
}

// namePrefix starts the name of every test database.
const namePrefix = "vmportal_t_"

// leftoverAge is how old a test database must be for sweepLeftovers to
// drop it: far longer than any run lasts (make bench allows 30 minutes).
const leftoverAge = 6 * time.Hour

// newName names a test database after the moment it is made (Unix
// seconds in hex), which tells a leftover from a database in use.
func newName(now time.Time) string {
	return namePrefix + strconv.FormatInt(now.Unix(), 16) + "_" + randomSuffix()
}

// madeAt reads the moment newName put into name; false for a name it did
// not make.
func madeAt(name string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(name, namePrefix)
	if !ok {
		return time.Time{}, false
	}
	stamp, _, ok := strings.Cut(rest, "_")
	if !ok {
		return time.Time{}, false
	}
	secs, err := strconv.ParseInt(stamp, 16, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(secs, 0), true
}

// sweepLeftovers drops the test databases made more than leftoverAge
// before now: a test run that was killed never ran its cleanups, and its
// databases would stay on the server for good. It is best effort: a
// database still in use is left alone (DROP DATABASE without FORCE
// refuses it), and so is everything when the server cannot be reached,
// which the test that follows reports.
func sweepLeftovers(ctx context.Context, now time.Time) {
	tmpl, err := url.Parse(TemplateURL())
	if err != nil {
		return
	}
	conn, err := pgx.Connect(ctx, withDatabase(tmpl, "postgres"))
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, namePrefix)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	for _, name := range names {
		if made, ok := madeAt(name); ok && now.Sub(made) > leftoverAge {
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize())
		}
	}
}

// New creates a fresh database cloned from the template and returns its
// URL; the database is dropped when t ends.
func New(t testing.TB) string {
	t.Helper()
	if err := prepareTemplate(); err != nil {
		t.Fatalf("testdb: prepare template %s: %v\n(run `make test`, which starts PostgreSQL and creates it)", TemplateURL(), err)
	}
	tmpl, err := url.Parse(TemplateURL())
	if err != nil {
		t.Fatalf("testdb: TEST_DATABASE_URL: %v", err)
	}
	return create(t, tmpl, strings.TrimPrefix(tmpl.Path, "/"))
}

// create clones template into a new database named after the test run and
// registers its removal.
func create(t testing.TB, tmpl *url.URL, template string) string {
	t.Helper()
	name := newName(time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, withDatabase(tmpl, "postgres"))
	if err != nil {
		t.Fatalf("testdb: connect: %v", err)
	}
	defer admin.Close(ctx)
	if err := cloneWithRetry(ctx, admin, name, template); err != nil {
		t.Fatalf("testdb: create %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, withDatabase(tmpl, "postgres"))
		if err != nil {
			t.Logf("testdb: drop %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Logf("testdb: drop %s: %v", name, err)
		}
	})
	return withDatabase(tmpl, name)
}

// NewEmpty creates an empty database (no schema) and returns its URL, for
// tests of init-db itself; it is dropped when t ends.
func NewEmpty(t testing.TB) string {
	t.Helper()
	tmpl, err := url.Parse(TemplateURL())
	if err != nil {
		t.Fatalf("testdb: TEST_DATABASE_URL: %v", err)
	}
	return create(t, tmpl, "template0")
}

// cloneWithRetry runs CREATE DATABASE … TEMPLATE, retrying while another
// test binary briefly holds a connection to the template (55006).
func cloneWithRetry(ctx context.Context, conn *pgx.Conn, name, template string) error {
	sql := fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s",
		pgx.Identifier{name}.Sanitize(), pgx.Identifier{template}.Sanitize())
	for {
		_, err := conn.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "55006" {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (is a server or psql connected to the template database %s?)", err, template)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Pool opens a pgx pool on url, closed when t ends: for tests that check
// the database directly.
func Pool(t testing.TB, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatalf("testdb: pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// NewRole creates a login role with a random name and password, dropped
// when t ends: create it before the databases it gets rights on (cleanups
// run last in, first out). Only the superuser may create roles, so psql
// runs as the postgres system user on the template's port, which needs
// root; the test is skipped otherwise.
func NewRole(t testing.TB) (name, password string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("testdb: creating a role needs root (psql as the postgres system user)")
	}
	name, password = "vmportal_r_"+randomSuffix(), randomSuffix()
	if err := Superuser("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'"); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() {
		if err := Superuser("DROP ROLE IF EXISTS " + name); err != nil {
			t.Logf("testdb: %v", err)
		}
	})
	return name, password
}

// Superuser runs sql with psql as the postgres system user, on the port of
// the template database.
func Superuser(sql string) error {
	u, err := url.Parse(TemplateURL())
	if err != nil {
		return err
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	args := []string{"-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
		"-p", port, "-d", "postgres", "-c", sql}
	// A server started outside the OS packages (make test-pg16) keeps its
	// socket elsewhere; PGHOST names it, passed on because runuser may not.
	if host := os.Getenv("PGHOST"); host != "" {
		args = append(args, "-h", host)
	}
	out, err := exec.Command("runuser", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("psql %q: %v: %s", sql, err, out)
	}
	return nil
}

// WithUser returns rawURL with its user and password replaced.
func WithUser(rawURL, user, password string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.User = url.UserPassword(user, password)
	return u.String()
}

func withDatabase(u *url.URL, name string) string {
	c := *u
	c.Path = "/" + name
	return c.String()
}

func randomSuffix() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Open creates a fresh database (as New) and opens it, for tests of the
// models that need a database but not the web app; closed when t ends.
func Open(t testing.TB) *database.DB {
	t.Helper()
	db, err := database.Open(New(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("testdb: open: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}
