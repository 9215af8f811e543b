package database

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	pgstorage "github.com/gofiber/storage/postgres/v3"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Tables of the key-value stores; schema.sql creates both.
const (
	SessionsTable      = "sessions"
	LoginThrottleTable = "login_throttle"
)

// Stores are the fiber.Storage implementations kept in PostgreSQL, so that
// every app instance on the same database shares sessions and the login
// throttle.
type Stores struct {
	Sessions      fiber.Storage
	LoginThrottle fiber.Storage
}

// OpenStores opens the session and throttle stores on their own small pool.
// That pool commits with synchronous_commit=off: a session write is
// repeated on every request, and losing the last fraction of a second of
// them in a server crash costs nothing, while not waiting for the WAL flush
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
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("database: stores: %w", err)
	}
	sessions, err := newStorage(pool, SessionsTable)
	if err != nil {
		pool.Close()
		return nil, err
	}
	throttle, err := newStorage(pool, LoginThrottleTable)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &Stores{Sessions: retryingStorage{sessions, pool}, LoginThrottle: retryingStorage{throttle, pool}}, nil
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

// retryingStorage is a store that rides out a database restart. The pool's
// connections die with the server and each fails once when next used, and
// a server that is starting refuses queries for a moment. A session read
// failing that way, in a request whose later queries succeed, would look
// like a missing CSRF token: the middleware would hand out a new token it
// cannot save, and the form posted with it would get a 403 instead of the
// page. So a failed operation drops the pool's connections and runs again
// on fresh ones for up to storeRetryFor, longer than a restart takes,
// which makes that rare (a read that fails for good followed by one that
// succeeds, within one request, still slips through). All three
// operations are safe to repeat. While the database stays down, the 503
// page comes after that wait.
type retryingStorage struct {
	*pgstorage.Storage
	pool *pgxpool.Pool
}

const storeRetryFor = 2 * time.Second

func (s retryingStorage) retry(op func() error) error {
	err := op()
	for deadline := time.Now().Add(storeRetryFor); IsUnavailable(err) && time.Now().Before(deadline); {
		s.pool.Reset()
		time.Sleep(50 * time.Millisecond)
		err = op()
	}
	return err
}

// Get returns the value of key (nil when absent or expired).
func (s retryingStorage) Get(key string) (v []byte, err error) {
	err = s.retry(func() (e error) { v, e = s.Storage.Get(key); return e })
	return v, err
}

// Set stores val under key for exp (0: no expiry).
func (s retryingStorage) Set(key string, val []byte, exp time.Duration) error {
	return s.retry(func() error { return s.Storage.Set(key, val, exp) })
}

// Delete removes key.
func (s retryingStorage) Delete(key string) error {
	return s.retry(func() error { return s.Storage.Delete(key) })
}

// Close stops the stores' garbage collectors and closes their shared pool
// (pgxpool.Pool.Close is safe to call twice).
func (s *Stores) Close() {
	_ = s.Sessions.Close()
	_ = s.LoginThrottle.Close()
}
