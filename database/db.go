// Package database owns everything between the portal and PostgreSQL:
// opening the connection pool, the schema and its migrations (init-db),
// seeding the first admin, the PostgreSQL-backed stores for sessions and
// the login throttle, classifying "database unavailable" errors, and the
// throw-away databases the tests run against.
package database

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"vmportal/models"
)

// DB is the portal's handle on PostgreSQL: the GORM handle the models use
// and the pgx pool underneath it, which the session stores share.
type DB struct {
	Gorm *gorm.DB
	Pool *pgxpool.Pool
	// generic is the pool of the statements that keep generic plans
	// (models.UseGenericPlans): the name search's.
	generic *pgxpool.Pool
}

// Open connects to the database at url. It does not fail when the server
// is down: the pool connects lazily and recovers by itself once the server
// answers again, so the web server can start first and serve 503 pages.
func Open(url string, log *slog.Logger) (*DB, error) {
	poolCfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: parse DATABASE_URL: %w", err)
	}
	if poolCfg.ConnConfig.ConnectTimeout == 0 || poolCfg.ConnConfig.ConnectTimeout > 5*time.Second {
		poolCfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	// The pool keeps pgxpool's size, the larger of 4 and the CPUs, unless
	// the connection string sets pool_max_conns. On two cores it used to
	// be 16: sixteen backends then took turns on the CPUs mid-statement,
	// where four (one of them River's listener) finish theirs and the
	// other requests wait for a connection in the app. At 16 concurrent
	// requests the p95 of the list, dashboard, detail and search pages
	// fell by a third to a half, and all but the list ran at a higher
	// rate (see docs/BENCHMARKS.md). No statement holds a connection
	// while it waits for another, or for a client: exports read in
	// batches.
	trimStatementCaches(poolCfg)
	poolCfg.MaxConnIdleTime = 5 * time.Minute
	poolCfg.HealthCheckPeriod = 30 * time.Second
	pool, err := pgxpool.NewWithConfig(context.Background(), poolCfg)
	if err != nil {
		return nil, fmt.Errorf("database: create pool: %w", err)
	}
	// The same server, but sessions that keep one plan per statement: a
	// name search's. As many connections as the main pool: with half
	// (two), searches at a million requests ran 10-30% fewer a second.
	genericCfg := poolCfg.Copy()
	genericCfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	// Sorting the search's ids once beats hashing them first for every
	// term (see models/generic_plans.go).
	genericCfg.ConnConfig.RuntimeParams["enable_hashagg"] = "off"
	generic, err := pgxpool.NewWithConfig(context.Background(), genericCfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: create pool: %w", err)
	}
	d := &DB{Pool: pool, generic: generic}
	d.Gorm, err = gorm.Open(postgres.New(postgres.Config{Conn: stdlib.OpenDBFromPool(pool)}), &gorm.Config{
		Logger:  newGormLogger(log),
		NowFunc: func() time.Time { return time.Now().UTC() },
	})
	if err == nil {
		err = models.UseGenericPlans(d.Gorm, stdlib.OpenDBFromPool(generic))
	}
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("database: open gorm: %w", err)
	}
	d.Gorm.ClauseBuilders["LIMIT"] = literalLimit
	return d, nil
}

// Reset closes every idle connection, so that none left over from a
// database outage fails a request later.
func (d *DB) Reset() {
	d.Pool.Reset()
	d.generic.Reset()
}

// literalLimit writes a query's LIMIT as a number, where GORM would send
// it as a parameter. PostgreSQL plans a prepared statement with
// parameters again on every execution while the plan it would keep looks
// costlier, and with an unknown LIMIT it always does: for the list page
// that planning (seventeen indexes to weigh) took as long as the query.
// Without parameters (the list's first page) a statement is planned once
// per connection. OFFSET stays a parameter: written in, every page number
// would be a statement of its own, prepared and kept by every connection.
// The LIMIT is an integer, so nothing can be injected.
func literalLimit(c clause.Clause, b clause.Builder) {
	l, ok := c.Expression.(clause.Limit)
	if !ok {
		c.Build(b)
		return
	}
	hasLimit := l.Limit != nil && *l.Limit >= 0
	if hasLimit {
		b.WriteString("LIMIT " + strconv.Itoa(*l.Limit))
	}
	if l.Offset > 0 {
		if hasLimit {
			b.WriteByte(' ')
		}
		b.WriteString("OFFSET ")
		b.AddVar(b, l.Offset)
	}
}

// startupWait is how long commands wait for a database that is still
// starting (e.g. booting together with the app).
const startupWait = time.Minute

// OpenReady opens the database and waits up to a minute for it to answer:
// what every command does first.
func OpenReady(ctx context.Context, url string, log *slog.Logger) (*DB, error) {
	db, err := Open(url, log)
	if err != nil {
		return nil, err
	}
	waitCtx, cancel := context.WithTimeout(ctx, startupWait)
	defer cancel()
	if err := db.WaitReady(waitCtx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close releases every connection.
func (d *DB) Close() {
	if d.Gorm != nil {
		if sqlDB, err := d.Gorm.DB(); err == nil {
			_ = sqlDB.Close()
		}
	}
	d.Pool.Close()
	d.generic.Close()
}

// Ping reports whether the database answers within ctx.
func (d *DB) Ping(ctx context.Context) error {
	return d.Pool.Ping(ctx)
}

// WaitReady pings until the database answers or ctx ends; commands that
// need the schema (init-db) use it to ride out a server still starting.
func (d *DB) WaitReady(ctx context.Context) error {
	for {
		err := d.Ping(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("database: not reachable: %w", err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}
