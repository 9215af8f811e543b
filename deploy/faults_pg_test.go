package deploy_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"vmportal/database/testdb"
)

// TestDatabaseRestartUnderLoad restarts PostgreSQL while 16 clients
// create and edit requests: every write acknowledged with a redirect is in
// the database with its history row, the clients got the 503 page
// meanwhile (and nothing else), and the app serves again without being
// restarted. The PostgreSQL is a private one, never the shared cluster.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	t.Parallel()
	pg := startPrivatePostgres(t)
	bin := buildBinary(t)
	if out, err := appCommand(bin, pg.url, nil, "init-db").CombinedOutput(); err != nil {
		t.Fatalf("init-db: %v\n%s", err, out)
	}
	_, l, stop, wait := loadedApp(t, bin, pg.url)
	pg.ctl(t, "stop", "-m", "fast")
	time.Sleep(time.Second) // the clients meet the outage
	pg.ctl(t, "start")
	waitForAcks(t, l, l.acked()+40) // and carry on after it
	close(stop)
	wait()
	l.check(t)
	if l.statuses[http.StatusServiceUnavailable] == 0 {
		t.Error("no client saw the outage: the restart came too late or too early to test anything")
	}

	pool := testdb.Pool(t, pg.url)
	checkAcknowledged(t, pool, l)
	checkTrail(t, pool)
	out, err := appCommand(bin, pg.url, nil, "verify-audit").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit trail intact") {
		t.Fatalf("verify-audit after the restart: %v\n%s", err, out)
	}
}

// privatePG is a PostgreSQL cluster of the test's own, in a temporary
// directory, on a free port.
type privatePG struct {
	bin  string // the directory of initdb, pg_ctl
	data string
	log  string
	port int
	url  string // of its database vmportal, as the superuser
}

// startPrivatePostgres initialises and starts a cluster with the newest
// installed PostgreSQL, as the postgres system user (initdb refuses root),
// and stops it when t ends. Skipped unless the test runs as root or as
// postgres.
func startPrivatePostgres(t *testing.T) *privatePG {
	t.Helper()
	pgUser, err := user.Lookup("postgres")
	if err != nil || (os.Geteuid() != 0 && strconv.Itoa(os.Geteuid()) != pgUser.Uid) {
		t.Skip("a private PostgreSQL needs root or the postgres user (initdb, pg_ctl as postgres)")
	}
	initdbs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(initdbs) == 0 {
		t.Skip("no /usr/lib/postgresql/<version>/bin/initdb")
	}
	sort.Slice(initdbs, func(i, j int) bool { return pgVersion(initdbs[i]) < pgVersion(initdbs[j]) })
	dir, err := os.MkdirTemp("", "vmportal-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	uid, _ := strconv.Atoi(pgUser.Uid)
	gid, _ := strconv.Atoi(pgUser.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	pg := &privatePG{bin: filepath.Dir(initdbs[len(initdbs)-1]), data: filepath.Join(dir, "data"),
		log: filepath.Join(dir, "server.log"), port: freePort(t)}
	pg.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/vmportal?sslmode=disable", pg.port)
	if out, err := asPostgres(filepath.Join(pg.bin, "initdb"), "-D", pg.data, "-U", "postgres",
		"--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	pg.ctl(t, "start")
	t.Cleanup(func() {
		_ = asPostgres(filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data, "stop", "-m", "immediate", "-w").Run()
	})
	conn, err := pgx.Connect(context.Background(), strings.Replace(pg.url, "/vmportal?", "/postgres?", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "CREATE DATABASE vmportal"); err != nil {
		t.Fatal(err)
	}
	return pg
}

// ctl runs pg_ctl with action (start, stop, …), waiting for it to finish;
// the server listens on loopback TCP only, its socket in the data dir.
func (pg *privatePG) ctl(t *testing.T, action string, args ...string) {
	t.Helper()
	argv := append([]string{"-D", pg.data, "-l", pg.log, "-w", action}, args...)
	if action == "start" {
		argv = append(argv, "-o", fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s", pg.port, pg.data))
	}
	if out, err := asPostgres(filepath.Join(pg.bin, "pg_ctl"), argv...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(pg.log)
		t.Fatalf("pg_ctl %s: %v\n%s\n%s", action, err, out, log)
	}
}

// asPostgres runs a command as the postgres system user.
func asPostgres(name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

// pgVersion is the major version in /usr/lib/postgresql/<version>/bin/….
func pgVersion(path string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return v
}
