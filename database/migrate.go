package database

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed schema.sql migrations
var schemaFiles embed.FS

// initLockKey is the pg_advisory_lock key that serialises init-db runs, so
// two instances starting at once neither race nor apply a file twice.
const initLockKey int64 = 0x766d706f7274616c // "vmportal"

// baselineName is how schema.sql is recorded in schema_migrations.
const baselineName = "0000_schema.sql"

// Migration is one SQL file applied by init-db.
type Migration struct {
	Name string // recorded in schema_migrations; files apply in name order
	SQL  string
}

// Migrations returns the baseline schema followed by the files of
// migrations/, in the order init-db applies them.
func Migrations() ([]Migration, error) {
	return migrationsFrom(schemaFiles, "schema.sql", "migrations")
}

func migrationsFrom(fsys fs.FS, baseline, dir string) ([]Migration, error) {
	base, err := fs.ReadFile(fsys, baseline)
	if err != nil {
		return nil, fmt.Errorf("database: read %s: %w", baseline, err)
	}
	list := []Migration{{Name: baselineName, SQL: string(base)}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("database: read %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		body, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("database: read migration %s: %w", name, err)
		}
		list = append(list, Migration{Name: name, SQL: string(body)})
	}
	return list, nil
}

// Migrate applies every migration not yet recorded in schema_migrations,
// each in its own transaction together with its record, while holding an
// advisory lock. It returns the names it applied; a second run applies none.
func Migrate(ctx context.Context, pool *pgxpool.Pool, migrations []Migration, log *slog.Logger) ([]string, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: migrate: %w", err)
	}
	defer conn.Release()

	// A session-level lock, held on this one connection across all the
	// per-file transactions; a concurrent init-db waits here, then finds
	// everything already applied.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", initLockKey); err != nil {
		return nil, fmt.Errorf("database: migrate: take lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", initLockKey)
	}()

	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       text PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("database: migrate: create schema_migrations: %w", err)
	}
	done := map[string]bool{}
	rows, _ := conn.Query(ctx, "SELECT name FROM schema_migrations")
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("database: migrate: read schema_migrations: %w", err)
	}
	for _, n := range names {
		done[n] = true
	}

	var applied []string
	for _, m := range migrations {
		if done[m.Name] {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (name) VALUES ($1)", m.Name)
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("database: migration %s: %w", m.Name, err)
		}
		log.Info("applied migration", "name", m.Name)
		applied = append(applied, m.Name)
	}
	return applied, nil
}

// ErrNoSchema is returned by CheckSchema when init-db has not been run.
var ErrNoSchema = errors.New("database: schema missing or outdated: run `vmportal init-db`")

// CheckSchema reports ErrNoSchema unless every known migration is applied,
// so `serve` refuses to start against a database it would fail on.
func CheckSchema(ctx context.Context, pool *pgxpool.Pool) error {
	migrations, err := Migrations()
	if err != nil {
		return err
	}
	var n int
	err = pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ANY($1)`,
		migrationNames(migrations)).Scan(&n)
	if err != nil {
		var missing bool
		if perr := pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NULL`).Scan(&missing); perr == nil && missing {
			return ErrNoSchema
		}
		return fmt.Errorf("database: check schema: %w", err)
	}
	if n != len(migrations) {
		return ErrNoSchema
	}
	return checkRiver(ctx, pool)
}

func migrationNames(ms []Migration) []string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return names
}
