package deploy_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vmportal/app/apptest"
	"vmportal/database/testdb"
)

// TestFormWhileDatabaseDownKeepsNothingHalfWritten: a request form posted
// while the database is cut gets the 503 page and leaves nothing behind;
// posted again once it is back, it is stored whole. Then the line is cut
// again and again while 16 clients submit: every submission is either
// acknowledged and stored whole (request, VLANs, history, audit row) or
// answered 503 and absent.
func TestFormWhileDatabaseDownKeepsNothingHalfWritten(t *testing.T) {
	t.Parallel()
	var proxy *apptest.TCPProxy
	env := apptest.New(t, apptest.ThroughProxy(t, &proxy))
	direct := testdb.Pool(t, directURL(t, env.DBURL))
	c := env.Client()
	c.Login(apptest.AdminUsername, apptest.AdminPassword)
	c.Get("/vms/new")
	before := rowCounts(t, direct)

	proxy.Down()
	r := c.PostForm("/vms/new", apptest.RequestForm("down-01"))
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "Service unavailable") {
		t.Fatalf("form posted with the database down: %d\n%.400s", r.Status, r.Body)
	}
	if after := rowCounts(t, direct); after != before {
		t.Fatalf("rows changed while the database was down: %s → %s", before, after)
	}
	// As the 503 page says: reload the form (the failed post dropped its
	// CSRF cookie) and send it again.
	proxy.Up()
	c.Get("/vms/new")
	if r := c.PostForm("/vms/new", apptest.RequestForm("down-01")); r.Status != http.StatusSeeOther {
		t.Fatalf("the same form once the database is back: %d\n%.400s", r.Status, r.Body)
	}

	acked := submitWhileFlapping(t, env, proxy)
	for name := range acked {
		var n int
		if err := direct.QueryRow(context.Background(), "SELECT count(*) FROM vm_requests WHERE vm_name = $1", name).Scan(&n); err != nil || n != 1 {
			t.Errorf("acknowledged request %s stored %d times (%v)", name, n, err)
		}
	}
	if n := checkTrail(t, direct); n != len(acked)+1 {
		t.Logf("%d requests stored, %d acknowledged (a 503 may come after a commit)", n, len(acked)+1)
	}
}

// submitWhileFlapping has 16 clients submit requests while the line to
// the database goes down and up every few milliseconds; it returns the
// names of the acknowledged ones and fails on any answer but 303, 503 or
// the refusal of csrfRace.
// Cuts land in the middle of saves (logged as "unexpected EOF").
func submitWhileFlapping(t *testing.T, env *apptest.Env, proxy *apptest.TCPProxy) map[string]bool {
	t.Helper()
	clients := make([]*apptest.Client, 16)
	for i := range clients {
		clients[i] = env.Client()
		clients[i].Login(apptest.AdminUsername, apptest.AdminPassword)
	}
	var (
		mu     sync.Mutex
		acked  = map[string]bool{}
		counts = map[int]int{}
		wg     sync.WaitGroup
		stop   = make(chan struct{})
	)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			repeat(stop, func(k int) bool {
				if c.Get("/vms/new").Status != http.StatusOK { // the form, with a fresh token
					return true
				}
				name := fmt.Sprintf("flap-%02d-%04d", i, k)
				r := c.PostForm("/vms/new", apptest.RequestForm(name))
				mu.Lock()
				counts[r.Status]++
				if r.Status == http.StatusSeeOther {
					acked[name] = true
				} else if r.Status != http.StatusServiceUnavailable && !csrfRace(r.Body) {
					t.Errorf("submission %s: %d\n%.400s", name, r.Status, r.Body)
				}
				mu.Unlock()
				return true
			})
		}()
	}
	for range 30 {
		time.Sleep(80 * time.Millisecond)
		proxy.Down()
		time.Sleep(15 * time.Millisecond)
		proxy.Up()
	}
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("answers while flapping: %v", counts)
	// A submission is refused only when a cut hits its save; the form
	// fetched before it usually takes the cut. The outcome that matters is
	// checked by the caller: nothing half-written, whatever was cut.
	if counts[http.StatusSeeOther] == 0 {
		t.Errorf("flapping gave %v: nothing was stored between the cuts", counts)
	}
	return acked
}

// rowCounts sums up the tables a submission writes to.
func rowCounts(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var s string
	err := pool.QueryRow(context.Background(), `SELECT concat_ws(' ',
		(SELECT count(*) FROM vm_requests), (SELECT count(*) FROM vm_vlans),
		(SELECT count(*) FROM vm_history), (SELECT count(*) FROM audit_log), (SELECT count(*) FROM vm_suggestions))`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// directURL is dbURL without the proxy: the template's host and port.
func directURL(t *testing.T, dbURL string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	tmpl, err2 := url.Parse(testdb.TemplateURL())
	if err != nil || err2 != nil {
		t.Fatalf("database urls: %v %v", err, err2)
	}
	u.Host = tmpl.Host
	return u.String()
}
