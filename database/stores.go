package database

import (
	"context"
	"fmt"
	"time"

	pgstorage "github.com/gofiber/storage/postgres/v3"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SessionsTable is the sessions' table; schema.sql creates it.
const SessionsTable = "sessions"

// Stores hold the session storage kept in PostgreSQL, so that every app
// instance on the same database shares sessions.
type Stores struct {
	// Sessions is used only for its garbage collector, which deletes
	// expired sessions; SessionStore reads and writes them.
	Sessions *pgstorage.Storage
	pool     *pgxpool.Pool
}

// OpenStores opens the session storage on its own small pool. That pool
// commits with synchronous_commit=off: a session is written at login, with
// a flash message and whenever its expiry is extended, and losing the last
// fraction of a second of them in a server crash costs nothing, while not waiting for the WAL flush
// keeps page views fast. Everything that matters (requests, history,
// audit) goes through the main pool with full durability.
func OpenStores(url string) (*Stores, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: stores: parse url: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > 5*time.Second {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	cfg.MaxConns = 8
	trimStatementCaches(cfg)
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("database: stores: %w", err)
	}
	s := &Stores{pool: pool}
	if s.Sessions, err = newStorage(pool, SessionsTable); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// newStorage wraps pgstorage.New, which panics when the database does not
// answer or the table is malformed, into an ordinary error.
func newStorage(pool *pgxpool.Pool, table string) (s *pgstorage.Storage, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("database: open %s store: %v", table, r)
		}
	}()
	return pgstorage.New(pgstorage.Config{DB: pool, Table: table, GCInterval: time.Minute}), nil
}

// Close stops the session garbage collector and closes the stores' pool
// (pgxpool.Pool.Close is safe to call twice).
func (s *Stores) Close() {
	_ = s.Sessions.Close()
}

// Reset drops the stores' pooled connections (after a database outage, so
// none of the dead ones is tried again); new ones are made as needed.
func (s *Stores) Reset() { s.pool.Reset() }
