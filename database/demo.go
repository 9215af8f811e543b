package database

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"vmportal/config"
	"vmportal/models"
)

// DemoPassword is the password of the demo users (demo01…demo20) that
// SeedDemo creates.
const DemoPassword = "demo-password-1"

// demoBatchSize is how many requests go into one transaction of COPYs.
const demoBatchSize = 10_000

// demoUserCount is how many demo users share the requests with the admin.
const demoUserCount = 20

// demoWorkers is how many connections COPY batches at the same time.
const demoWorkers = 2

// SeedDemo adds n realistic VM requests, with their VLANs, their
// "created" history rows and the suggestions they use, spread over the
// demo users (created when missing) and the admin. It needs the schema
// (ErrNoSchema otherwise) and writes no audit rows: nobody did anything.
//
// Rows go in with COPY, batches of demoBatchSize requests per transaction;
// request ids are reserved from the sequence first, so the VLAN and
// history rows of a batch can point at them in the same round trip.
// progress, when not nil, gets a progress bar (on a terminal) or a line
// per batch, and a summary.
func SeedDemo(ctx context.Context, db *DB, n int, progress io.Writer) error {
	if n < 1 {
		return fmt.Errorf("database: seed demo: want at least 1 request, got %d", n)
	}
	if err := CheckSchema(ctx, db.Pool); err != nil {
		return err
	}
	people, err := ensureDemoUsers(ctx, db)
	if err != nil {
		return err
	}
	prog := newSeedProgress(progress, n)
	if err := loadDemo(ctx, db, newDemoGen(people, n, time.Now().UTC()), prog); err != nil {
		return fmt.Errorf("database: seed demo: %w", err)
	}
	// VACUUM ANALYZE rather than ANALYZE alone: the planner gets its
	// statistics, and the visibility map lets counts run as index-only
	// scans, as autovacuum would leave things soon after a bulk load.
	if _, err := db.Pool.Exec(ctx, "VACUUM (ANALYZE) users, vm_requests, vm_vlans, vm_history, vm_suggestions, vm_name_suffixes"); err != nil {
		return fmt.Errorf("database: seed demo: analyze: %w", err)
	}
	prog.finish()
	return nil
}

// RunSeedDemo is the seed-demo command: connect (waiting up to a minute
// for a server that is still starting) and add n demo requests, drawing
// progress on progress.
func RunSeedDemo(ctx context.Context, cfg config.Config, n int, progress io.Writer, log *slog.Logger) error {
	db, err := OpenReady(ctx, cfg.DatabaseURL, log)
	if err != nil {
		return err
	}
	defer db.Close()
	return SeedDemo(ctx, db, n, progress)
}

// demoPerson is a user requests are created by (or decided by, the admin).
type demoPerson struct {
	ID          int64
	Name, Email string
}

// demoPeople are who the demo requests belong to and who decides them.
type demoPeople struct {
	creators []demoPerson // the demo users and the admin
	admin    demoPerson
}

// ensureDemoUsers creates the demo users that do not exist yet (one bcrypt
// hash for all, and only when one is missing) and returns them with the
// admin.
func ensureDemoUsers(ctx context.Context, db *DB) (demoPeople, error) {
	names, fulls, emails := make([]string, demoUserCount), make([]string, demoUserCount), make([]string, demoUserCount)
	for i := range demoUserCount {
		names[i] = fmt.Sprintf("demo%02d", i+1)
		fulls[i] = demoFirstNames[i%len(demoFirstNames)] + " " + demoLastNames[(i*7)%len(demoLastNames)]
		emails[i] = names[i] + "@example.com"
	}
	var missing int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM unnest($1::text[]) AS u
		WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(username) = u)`, names).Scan(&missing)
	if err != nil {
		return demoPeople{}, fmt.Errorf("database: seed demo: users: %w", err)
	}
	if missing > 0 {
		hash, err := models.HashPassword(DemoPassword, models.MinBcryptCost)
		if err != nil {
			return demoPeople{}, err
		}
		if _, err := db.Pool.Exec(ctx, `INSERT INTO users (username, full_name, email, password_hash, role)
			SELECT u, f, e, $4, 'user' FROM unnest($1::text[], $2::text[], $3::text[]) AS t (u, f, e)
			ON CONFLICT (lower(username)) DO NOTHING`, names, fulls, emails, hash); err != nil {
			return demoPeople{}, fmt.Errorf("database: seed demo: create users: %w", err)
		}
	}
	return loadDemoPeople(ctx, db, names)
}

// loadDemoPeople reads the demo users and the admin.
func loadDemoPeople(ctx context.Context, db *DB, names []string) (demoPeople, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, full_name, email, lower(username) = $2 FROM users
		WHERE lower(username) = ANY($1) OR lower(username) = $2 ORDER BY id`, names, AdminUsername)
	if err != nil {
		return demoPeople{}, fmt.Errorf("database: seed demo: users: %w", err)
	}
	var p demoPeople
	var isAdmin bool
	var person demoPerson
	_, err = pgx.ForEachRow(rows, []any{&person.ID, &person.Name, &person.Email, &isAdmin}, func() error {
		p.creators = append(p.creators, person)
		if isAdmin {
			p.admin = person
		}
		return nil
	})
	if err != nil {
		return demoPeople{}, fmt.Errorf("database: seed demo: users: %w", err)
	}
	if p.admin.ID == 0 {
		return demoPeople{}, fmt.Errorf("database: seed demo: no %q account: run `vmportal init-db`", AdminUsername)
	}
	return p, nil
}

// loadDemo stores gen's requests. One goroutine makes the batches in
// order (ids reserved, then rows generated, so ids grow with created_at)
// while demoWorkers connections COPY them, each batch in a transaction of
// its own: the database's indexes and foreign-key checks, not Go, are the
// bottleneck, and two backends keep two cores busy.
func loadDemo(ctx context.Context, db *DB, gen *demoGen, prog *seedProgress) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan []*models.VMRequest)
	var wg sync.WaitGroup
	for range demoWorkers {
		wg.Go(func() {
			for reqs := range batches {
				rows, err := storeDemoBatch(ctx, db, reqs)
				if err != nil {
					cancel(err)
					return
				}
				prog.step(len(reqs), rows)
			}
		})
	}
	err := makeDemoBatches(ctx, db, gen, batches)
	close(batches)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return err
}

// makeDemoBatches sends gen's requests to batches, demoBatchSize at a time,
// until all are made or ctx ends.
func makeDemoBatches(ctx context.Context, db *DB, gen *demoGen, batches chan<- []*models.VMRequest) error {
	for done := 0; done < gen.total; {
		size := min(demoBatchSize, gen.total-done)
		ids, err := reserveRequestIDs(ctx, db, size)
		if err != nil {
			return err
		}
		select {
		case batches <- gen.batch(ids):
		case <-ctx.Done():
			return nil // the cause is reported by loadDemo
		}
		done += size
	}
	return nil
}

// storeDemoBatch writes one batch of requests with their VLANs, history
// and suggestions in one transaction, and returns how many rows it wrote.
func storeDemoBatch(ctx context.Context, db *DB, reqs []*models.VMRequest) (int64, error) {
	var rows int64
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		for _, copyRows := range []func(context.Context, pgx.Tx, []*models.VMRequest) (int64, error){
			copyDemoRequests, copyDemoVLANs, copyDemoHistory, insertDemoSuggestions,
		} {
			n, err := copyRows(ctx, tx, reqs)
			if err != nil {
				return err
			}
			rows += n
		}
		return nil
	})
	return rows, err
}
