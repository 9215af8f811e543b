// Package apptest is the harness the portal's tests share: Env starts the
// real app against a database of its own (a fresh clone per test), Client
// talks to it through app.Test like a browser would (cookies, CSRF token,
// forms), and Browser drives a real headless Chromium for user journeys.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"vmportal/app"
	"vmportal/config"
	"vmportal/database"
	"vmportal/database/testdb"
	"vmportal/models"
)

// Credentials of the seeded admin in every test database.
const (
	AdminUsername = "admin"
	AdminPassword = config.DefaultAdminPassword
)

// Password is the password of every user made by Env.CreateUser.
const Password = "correct-horse-42"

// Env is one running portal with its own database.
type Env struct {
	T      testing.TB
	Cfg    config.Config
	DBURL  string
	DB     *database.DB
	Stores *database.Stores
	App    *fiber.App
	Log    *slog.Logger

	countOnce sync.Once
	counter   *statementCounter
}

// New starts the portal on a fresh database. Options adjust the config.
func New(t testing.TB, options ...func(*config.Config)) *Env {
	t.Helper()
	url := testdb.New(t)
	cfg := config.Defaults()
	cfg.DatabaseURL = url
	cfg.BcryptCost = bcrypt.MinCost // see passwordHash
	models.AllowCheapHashesForTests()
	for _, o := range options {
		o(&cfg)
	}
	e := &Env{T: t, Cfg: cfg, DBURL: cfg.DatabaseURL, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, fuzzing := t.(*testing.F); fuzzing && testing.Verbose() {
		// A fuzz target may not log through F: the app logs to stderr.
		e.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	} else if testing.Verbose() {
		e.Log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	var err error
	if e.DB, err = database.Open(e.DBURL, e.Log); err != nil {
		t.Fatalf("apptest: open database: %v", err)
	}
	t.Cleanup(e.DB.Close)
	e.cheapenAdmin()
	e.App = e.NewApp()
	return e
}

// NewApp builds another app instance on the same database, with stores of
// its own, as a second server process would have.
func (e *Env) NewApp() *fiber.App {
	e.T.Helper()
	stores, err := database.OpenStores(e.DBURL)
	if err != nil {
		e.T.Fatalf("apptest: open stores: %v", err)
	}
	e.T.Cleanup(stores.Close)
	if e.Stores == nil {
		e.Stores = stores
	}
	a, err := app.New(e.Cfg, e.DB, stores, e.Log)
	if err != nil {
		e.T.Fatalf("apptest: %v", err)
	}
	return a
}

// Serve runs e.App on a real loopback listener (for the browser) and
// returns its base URL; the server stops when the test ends.
func (e *Env) Serve() string {
	e.T.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.T.Fatalf("apptest: listen: %v", err)
	}
	go func() { _ = e.App.Listener(ln) }()
	e.T.Cleanup(func() { _ = e.App.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// Ctx returns a context for direct database calls, acting as actor.
func (e *Env) Ctx(actor models.Actor) context.Context {
	return models.WithActor(context.Background(), actor)
}

// Fixture users get hashes at bcrypt's minimum cost, and so do the
// passwords the app hashes and the login's comparison for unknown names
// (Env's config, models.AllowCheapHashesForTests): the race detector
// makes a cost-12 hash or comparison take seconds, and the suite logs in,
// creates users and resets passwords hundreds of times. The production
// cost (models.MinBcryptCost and up) is the models package's own tests'
// business, and init-db's.
var (
	passwordHash = sync.OnceValues(func() ([]byte, error) {
		return bcrypt.GenerateFromPassword([]byte(Password), bcrypt.MinCost)
	})
	adminHash = sync.OnceValues(func() ([]byte, error) {
		return bcrypt.GenerateFromPassword([]byte(AdminPassword), bcrypt.MinCost)
	})
)

// cheapenAdmin swaps the seeded admin's cost-12 hash for a cheap hash of
// the same password (see passwordHash).
func (e *Env) cheapenAdmin() {
	hash, err := adminHash()
	if err == nil {
		err = e.DB.Gorm.Exec("UPDATE users SET password_hash = ? WHERE username = ?", string(hash), AdminUsername).Error
	}
	if err != nil {
		e.T.Fatalf("apptest: fixture admin: %v", err)
	}
}

// CreateUser inserts an active user with role and the password Password.
func (e *Env) CreateUser(username, role string) *models.User {
	e.T.Helper()
	hash, err := passwordHash()
	if err != nil {
		e.T.Fatalf("apptest: %v", err)
	}
	u := &models.User{Username: username, FullName: "Test " + username, Email: username + "@example.com",
		PasswordHash: string(hash), Role: role, Active: true}
	if err := e.DB.Gorm.Create(u).Error; err != nil {
		e.T.Fatalf("apptest: create user %s: %v", username, err)
	}
	return u
}

// AuditEntries returns the audit rows with action, oldest first.
func (e *Env) AuditEntries(action string) []models.AuditEntry {
	e.T.Helper()
	var rows []models.AuditEntry
	if err := e.DB.Gorm.Where("action = ?", action).Order("id").Find(&rows).Error; err != nil {
		e.T.Fatalf("apptest: read audit log: %v", err)
	}
	return rows
}

// testWriter sends log lines to t.Log, so they show only for failing or
// verbose tests.
type testWriter struct{ t testing.TB }

// Write logs p as one test log line.
func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
