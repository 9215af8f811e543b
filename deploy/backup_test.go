package deploy_test

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vmportal/app/apptest"
	"vmportal/config"
	"vmportal/database/testdb"
	"vmportal/models"
)

// TestBackupAndRestore runs the backup of deploy/systemd/vmportal-backup.service
// (its very commands) on a database with requests, history and audit rows,
// then the restore of docs/DEPLOY.md: pg_restore into a new database,
// init-db as the owner granting a separate runtime role, verify-audit. The
// restored database has the same chain head and history, and the app
// serves it.
func TestBackupAndRestore(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	bin := buildBinary(t)
	src, detail := populatedDatabase(t)
	skipIfPgDumpOlderThanServer(t, src)
	backups := t.TempDir()
	dump := runBackupUnit(t, backups, src.DBURL)

	role, password := testdb.NewRole(t) // before the database: dropped after it
	restored := testdb.NewEmpty(t)
	if out, err := exec.Command("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
		"-d", restored, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	runtimeURL := testdb.WithUser(restored, role, password)
	if out, err := appCommand(bin, runtimeURL, []string{"MIGRATION_DATABASE_URL=" + restored}, "init-db").CombinedOutput(); err != nil {
		t.Fatalf("init-db on the restored database: %v\n%s", err, out)
	}
	out, err := appCommand(bin, runtimeURL, nil, "verify-audit").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit trail intact") {
		t.Fatalf("verify-audit on the restored database: %v\n%s", err, out)
	}

	restoredApp := apptest.New(t, func(c *config.Config) { c.DatabaseURL = runtimeURL })
	before, after := trailOf(t, src), trailOf(t, restoredApp)
	if before != after {
		t.Errorf("restored trail %+v, original %+v", after, before)
	}
	admin := restoredApp.Client()
	admin.Login(apptest.AdminUsername, apptest.AdminPassword)
	if r := admin.Get(detail); r.Status != http.StatusOK || !strings.Contains(r.Body, "backup-01") {
		t.Fatalf("restored detail page %s: %d", detail, r.Status)
	}
}

// populatedDatabase is a running app whose database holds requests
// created, edited and decided through the web, with their history and
// audit rows; it returns the path of a detail page.
func populatedDatabase(t *testing.T) (*apptest.Env, string) {
	t.Helper()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	user, admin := env.Client(), env.Client()
	user.Login("alice", apptest.Password)
	admin.Login(apptest.AdminUsername, apptest.AdminPassword)
	detail := user.SubmitRequest("backup-01")
	user.SubmitRequest("backup-02")
	user.EditRequest(detail, "backup-01", 1, map[string]string{"ram_gb": "32"})
	admin.DecideRequest(detail, "approve", 2, "")
	return env, detail
}

// trail is what a restore must bring back unchanged.
type trail struct {
	AuditRows int64
	HeadHash  string
	History   int
	Requests  string
}

func trailOf(t *testing.T, env *apptest.Env) trail {
	t.Helper()
	report, err := models.VerifyAuditChain(env.DB.Gorm)
	if err != nil || !report.OK() {
		t.Fatalf("audit chain: %+v, %v", report, err)
	}
	tr := trail{AuditRows: report.Rows, HeadHash: report.HeadHash}
	err = env.DB.Pool.QueryRow(t.Context(), `SELECT (SELECT count(*) FROM vm_history),
		(SELECT string_agg(vm_name || ' v' || version || ' ' || status, ', ' ORDER BY id) FROM vm_requests)`).
		Scan(&tr.History, &tr.Requests)
	if err != nil {
		t.Fatal(err)
	}
	if tr.AuditRows < 5 || tr.History != 4 {
		t.Fatalf("source trail too thin to prove anything: %+v", tr)
	}
	return tr
}

// runBackupUnit runs the ExecStart and ExecStartPost commands of the
// shipped backup unit with dir as BACKUP_DIR and dbURL as DATABASE, next to
// a dump 20 days old (which the retention removes) and one from yesterday
// (which it keeps); it returns the new dump.
func runBackupUnit(t *testing.T, dir, dbURL string) string {
	t.Helper()
	vars := map[string]string{"BACKUP_DIR": dir, "DATABASE": dbURL}
	start, post := unitCommands(t, filepath.Join(moduleRoot(t), "deploy", "systemd", "vmportal-backup.service"), vars)
	old, recent := filepath.Join(dir, "vmportal-2000-01-01.dump"), filepath.Join(dir, "vmportal-2000-01-02.dump")
	for file, age := range map[string]time.Duration{old: 20 * 24 * time.Hour, recent: 24 * time.Hour} {
		if err := os.WriteFile(file, []byte("old dump"), 0o600); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		if err := os.Chtimes(file, when, when); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "BACKUP_DIR="+dir, "DATABASE="+dbURL) // as Environment= sets them
	for _, argv := range [][]string{start, post} {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", argv, err, out)
		}
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the 20-day-old dump was kept (%v)", err)
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("yesterday's dump was removed: %v", err)
	}
	dump := filepath.Join(dir, "vmportal-"+time.Now().Format("2006-01-02")+".dump")
	if _, err := os.Stat(dump); err != nil {
		t.Fatalf("no dump of today: %v", err)
	}
	return dump
}

// unitCommands reads ExecStart (a `/bin/sh -c '…'` line) and ExecStartPost
// (plain words, ${VAR} expanded by systemd from vars) from a unit file and
// returns them as argument lists, with systemd's $$ and %% escapes undone.
func unitCommands(t *testing.T, unit string, vars map[string]string) (start, post []string) {
	t.Helper()
	f, err := os.Open(unit)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	unescape := strings.NewReplacer("$$", "$", "%%", "%")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "ExecStart=/bin/sh -c '"); ok {
			start = []string{"/bin/sh", "-c", unescape.Replace(strings.TrimSuffix(v, "'"))}
		}
		if v, ok := strings.CutPrefix(line, "ExecStartPost="); ok {
			for _, w := range strings.Fields(v) {
				post = append(post, os.Expand(unescape.Replace(w), func(k string) string { return vars[k] }))
			}
		}
	}
	if start == nil || post == nil {
		t.Fatalf("%s: no ExecStart=/bin/sh -c '…' or ExecStartPost= line", unit)
	}
	return start, post
}

// skipIfPgDumpOlderThanServer skips when the installed pg_dump cannot dump
// env's server: pg_dump refuses a newer major version (Debian 12's 15
// against the 16 of make test-pg16), and production pairs them.
func skipIfPgDumpOlderThanServer(t *testing.T, env *apptest.Env) {
	t.Helper()
	out, err := exec.Command("pg_dump", "--version").Output()
	if err != nil {
		t.Fatalf("pg_dump --version: %v", err)
	}
	// "pg_dump (PostgreSQL) 15.10 (Debian 15.10-0+deb12u1)"
	var tool int
	if m := regexp.MustCompile(`\(PostgreSQL\) (\d+)`).FindStringSubmatch(string(out)); m != nil {
		tool, _ = strconv.Atoi(m[1])
	}
	var server int
	if err := env.DB.Gorm.Raw("SELECT current_setting('server_version_num')::int / 10000").Scan(&server).Error; err != nil {
		t.Fatalf("server version: %v", err)
	}
	if tool < server {
		t.Skipf("pg_dump %d cannot dump a PostgreSQL %d server", tool, server)
	}
}
