package database

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
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
	if _, err := db.Pool.Exec(ctx, "VACUUM (ANALYZE) users, vm_requests, vm_vlans, vm_history, vm_suggestions"); err != nil {
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

// reserveRequestIDs takes n ids from the vm_requests sequence, ascending.
// Sequences ignore transactions, so the ids stay taken (unused) if the
// batch fails.
func reserveRequestIDs(ctx context.Context, db *DB, n int) ([]int64, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT nextval('vm_requests_id_seq') FROM generate_series(1, $1) ORDER BY 1`, n)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("reserve ids: %w", err)
	}
	return ids, nil
}

var demoRequestColumns = []string{
	"id", "vm_name", "requestor_name", "requestor_email", "primary_admin_name", "primary_admin_email",
	"secondary_admin_name", "secondary_admin_email", "request_date", "cpus", "ram_gb", "disk_gb",
	"physical_location", "virtual_host", "operating_system", "backup_required", "backup_frequency",
	"notes", "status", "created_by_id", "updated_by_id", "decided_by_id", "decided_at",
	"decision_reason", "version", "created_at", "updated_at",
}

func copyDemoRequests(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"vm_requests"}, demoRequestColumns,
		pgx.CopyFromSlice(len(reqs), func(i int) ([]any, error) {
			r := reqs[i]
			return []any{r.ID, r.VMName, r.RequestorName, r.RequestorEmail, r.PrimaryAdminName, r.PrimaryAdminEmail,
				r.SecondaryAdminName, r.SecondaryAdminEmail, r.RequestDate, r.CPUs, r.RAMGB, r.DiskGB,
				r.PhysicalLocation, r.VirtualHost, r.OperatingSystem, r.BackupRequired, r.BackupFrequency,
				r.Notes, r.Status, r.CreatedByID, r.UpdatedByID, r.DecidedByID, r.DecidedAt,
				r.DecisionReason, r.Version, r.CreatedAt, r.UpdatedAt}, nil
		}))
	if err != nil {
		return 0, fmt.Errorf("copy vm_requests: %w", err)
	}
	return n, nil
}

func copyDemoVLANs(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	var rows [][]any
	for _, r := range reqs {
		for _, v := range r.VLANs {
			rows = append(rows, []any{r.ID, v.Position, v.VLANID, v.Name})
		}
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"vm_vlans"},
		[]string{"vm_request_id", "position", "vlan_id", "name"}, pgx.CopyFromRows(rows))
	if err != nil {
		return 0, fmt.Errorf("copy vm_vlans: %w", err)
	}
	return n, nil
}

// copyDemoHistory records each request's history as the workflow would
// have written it: the original submission (Pending, version 1) by its
// creator, then one "updated" row per decision by the admin.
func copyDemoHistory(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	var rows [][]any
	for _, r := range reqs {
		hs, err := demoHistory(r)
		if err != nil {
			return 0, err
		}
		rows = append(rows, hs...)
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"vm_history"},
		[]string{"vm_request_id", "kind", "version", "snapshot", "changes", "changed_by_id", "changed_at"},
		pgx.CopyFromRows(rows))
	if err != nil {
		return 0, fmt.Errorf("copy vm_history: %w", err)
	}
	return n, nil
}

// demoHistory replays r's workflow from its submission to its final status.
func demoHistory(r *models.VMRequest) ([][]any, error) {
	steps := map[string][]string{
		models.StatusPending:  nil,
		models.StatusApproved: {models.StatusApproved},
		models.StatusRejected: {models.StatusRejected},
		models.StatusActive:   {models.StatusApproved, models.StatusActive},
	}[r.Status]
	state := *r
	state.Status, state.DecisionReason, state.Version = models.StatusPending, "", 1
	row := func(kind string, version int, snap models.Snapshot, changes []models.Change, by int64, at time.Time) ([]any, error) {
		s, err := json.Marshal(snap)
		if err != nil {
			return nil, err
		}
		c, err := json.Marshal(changes)
		if err != nil {
			return nil, err
		}
		return []any{r.ID, kind, version, s, c, by, at}, nil
	}
	first, err := row(models.HistoryCreated, 1, state.Snapshot(), []models.Change{}, r.CreatedByID, r.CreatedAt)
	if err != nil {
		return nil, err
	}
	out := [][]any{first}
	for i, status := range steps {
		before := state.Snapshot()
		state.Status, state.Version = status, state.Version+1
		if status == models.StatusRejected {
			state.DecisionReason = r.DecisionReason
		}
		at := r.UpdatedAt.Add(time.Duration(i-len(steps)+1) * time.Hour) // the last step is the latest
		h, err := row(models.HistoryUpdated, before.Version(), before, models.Diff(before, state.Snapshot()), r.UpdatedByID, at)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	if state.Version != r.Version {
		return nil, fmt.Errorf("demo request %d: version %d after its history, stored %d", r.ID, state.Version, r.Version)
	}
	return out, nil
}

// insertDemoSuggestions offers every location, host and OS the batch uses.
func insertDemoSuggestions(ctx context.Context, tx pgx.Tx, reqs []*models.VMRequest) (int64, error) {
	seen := map[[2]string]bool{}
	var fields, values []string
	add := func(field, value string) {
		if k := [2]string{field, value}; !seen[k] {
			seen[k] = true
			fields, values = append(fields, field), append(values, value)
		}
	}
	for _, r := range reqs {
		add("physical_location", r.PhysicalLocation)
		add("virtual_host", r.VirtualHost)
		add("operating_system", r.OperatingSystem)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO vm_suggestions (field, value)
		SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, fields, values)
	if err != nil {
		return 0, fmt.Errorf("insert vm_suggestions: %w", err)
	}
	return tag.RowsAffected(), nil
}

// seedProgress reports how far SeedDemo got: a bar redrawn in place on a
// terminal, else a line per batch (logs, CI).
type seedProgress struct {
	mu      sync.Mutex // the workers report concurrently
	w       io.Writer
	tty     bool
	total   int
	done    int
	rows    int64
	started time.Time
}

func newSeedProgress(w io.Writer, total int) *seedProgress {
	if w == nil {
		w = io.Discard
	}
	return &seedProgress{w: w, tty: isTerminal(w), total: total, started: time.Now()}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *seedProgress) step(requests int, rows int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += requests
	p.rows += rows
	rate := float64(p.rows) / max(time.Since(p.started).Seconds(), 1e-9)
	pct := 100 * p.done / p.total
	if !p.tty {
		fmt.Fprintf(p.w, "seed-demo: %d/%d requests (%d%%), %d rows, %.0f rows/s\n", p.done, p.total, pct, p.rows, rate)
		return
	}
	const width = 30
	bar := strings.Repeat("#", width*p.done/p.total) + strings.Repeat(".", width-width*p.done/p.total)
	fmt.Fprintf(p.w, "\rseed-demo [%s] %3d%%  %d/%d requests  %d rows  %.0f rows/s ", bar, pct, p.done, p.total, p.rows, rate)
}

func (p *seedProgress) finish() {
	secs := time.Since(p.started).Seconds()
	if p.tty {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "seed-demo: added %d requests (%d rows with VLANs, history and suggestions) in %.1f s, %.0f rows/s\n",
		p.done, p.rows, secs, float64(p.rows)/max(secs, 1e-9))
}
