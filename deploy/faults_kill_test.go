package deploy_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"vmportal/database/testdb"
)

// TestKillDuringSavesLosesNothing: `vmportal serve` is killed with SIGKILL
// while 16 clients create and edit requests. Every acknowledged write is
// in the database with its history; nothing is half-written (no request
// without its history, no history without its request); the audit chain
// verifies; and the app starts again on the same database.
func TestKillDuringSavesLosesNothing(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	dbURL := testdb.New(t)
	port := freePort(t)
	victim := startApp(t, bin, dbURL, "victim", port)
	stop := make(chan struct{})
	defer close(stop)
	l, wait := hammer(t, fmt.Sprintf("http://127.0.0.1:%d", port), 16, stop)
	waitForAcks(t, l, 40)
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-victim.done
	wait()
	l.check(t)

	pool := testdb.Pool(t, dbURL)
	checkAcknowledged(t, pool, l)
	if n := checkTrail(t, pool); n < len(l.created) {
		t.Errorf("%d requests stored, %d acknowledged", n, len(l.created))
	}
	out, err := appCommand(bin, dbURL, nil, "verify-audit").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit trail intact") {
		t.Fatalf("verify-audit after the kill: %v\n%s", err, out)
	}
	startApp(t, bin, dbURL, "restarted", freePort(t))
}

// waitForAcks waits until the clients have had n writes acknowledged.
func waitForAcks(t *testing.T, l *ledger, n int) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); l.acked() < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes acknowledged in 60 s", l.acked())
		}
	}
}
