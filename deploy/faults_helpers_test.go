package deploy_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vmportal/app/apptest"
	"vmportal/models"
)

// The fault tests drive real app processes over HTTP with many clients at
// once, break something underneath (the database restarts, the app is
// killed, the database is cut), and then check that what the clients were
// told matches what the database holds.

// webClient is one browser: cookies, the last CSRF token, no redirects
// followed. Unlike client, it returns transport errors (a killed server)
// instead of failing the test.
type webClient struct {
	base string
	ip   string // sent as X-Forwarded-For (the app trusts 127.0.0.1)
	http *http.Client
	csrf string
}

// newWebClient is a browser at address ip: the login throttle counts per
// address, and 16 logins from one would be throttled.
func newWebClient(base, ip string) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{base: base, ip: ip, http: &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

var (
	csrfInPage    = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	versionInPage = regexp.MustCompile(`name="version" value="(\d+)"`)
	requestPath   = regexp.MustCompile(`^/vms/(\d+)$`)
)

// do sends a GET (form nil) or a POST of form with the CSRF token.
func (c *webClient) do(path string, form url.Values) (status int, location, body string, err error) {
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if form != nil {
		form.Set("_csrf", c.csrf)
		req, err = http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("X-Forwarded-For", c.ip)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if m := csrfInPage.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(b), err
}

func (c *webClient) login(username, password string) error {
	if _, _, _, err := c.do("/login", nil); err != nil {
		return err
	}
	status, _, body, err := c.do("/login", url.Values{"username": {username}, "password": {password}})
	if err == nil && status != http.StatusSeeOther {
		err = fmt.Errorf("login: %d\n%s", status, body)
	}
	return err
}

// ledger is what the clients were told: the writes acknowledged with a
// redirect, and how many answers of each status came back.
type ledger struct {
	mu         sync.Mutex
	created    map[int64]bool // request ids whose creation was acknowledged
	editedTo   map[int64]int  // request id → highest version an acknowledged edit made
	statuses   map[int]int
	unexpected []string
}

func newLedger() *ledger {
	return &ledger{created: map[int64]bool{}, editedTo: map[int64]int{}, statuses: map[int]int{}}
}

// answer records a status; only a redirect, a page (for GETs) or a 503 is
// an acceptable answer while the database misbehaves.
func (l *ledger) answer(what string, status int, body string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.statuses[status]++
	switch status {
	case http.StatusSeeOther, http.StatusOK:
	case http.StatusServiceUnavailable:
		if !strings.Contains(body, "Service unavailable") {
			l.unexpected = append(l.unexpected, what+": 503 without the outage page")
		}
	default:
		l.unexpected = append(l.unexpected, fmt.Sprintf("%s: %d\n%.400s", what, status, body))
	}
}

func (l *ledger) ack(id int64, version int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if version == 1 {
		l.created[id] = true
	} else if version > l.editedTo[id] {
		l.editedTo[id] = version
	}
}

// failed records a page that did not come (a transport error is returned
// as it is: the server went away) and returns err.
func (l *ledger) failed(what string, status int, body string, err error) error {
	if err == nil {
		l.answer(what, status, body)
	}
	return err
}

// createAndEdit submits a new request named name and, once acknowledged,
// edits it. It returns the first transport error (the server is gone).
func (l *ledger) createAndEdit(c *webClient, name string) error {
	status, _, body, err := c.do("/vms/new", nil)
	if err != nil || status != http.StatusOK {
		return l.failed("GET /vms/new", status, body, err)
	}
	status, loc, body, err := c.do("/vms/new", apptest.RequestForm(name))
	if err != nil {
		return err
	}
	l.answer("create "+name, status, body)
	m := requestPath.FindStringSubmatch(loc)
	if status != http.StatusSeeOther || m == nil {
		return nil
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	l.ack(id, 1)
	status, _, body, err = c.do(loc+"/edit", nil)
	v := versionInPage.FindStringSubmatch(body)
	if err != nil || v == nil {
		return l.failed("GET edit "+name, status, body, err)
	}
	form := apptest.RequestForm(name)
	form.Set("version", v[1])
	form.Set("cpus", "8")
	status, _, body, err = c.do(loc+"/edit", form)
	if err != nil {
		return err
	}
	l.answer("edit "+name, status, body)
	if status == http.StatusSeeOther {
		version, _ := strconv.Atoi(v[1])
		l.ack(id, version+1)
	}
	return nil
}

// hammer logs n clients in to base, then has each create and edit
// requests until stop is closed or its server goes away. It returns once
// all are logged in, with their ledger (filling up) and a function that
// waits for them to finish. The logins are one after the other: the login
// throttle counts a login as failed until it has succeeded, so a burst of
// simultaneous logins would be throttled.
func hammer(t *testing.T, base string, n int, stop <-chan struct{}) (*ledger, func()) {
	t.Helper()
	l := newLedger()
	clients := make([]*webClient, n)
	for i := range clients {
		clients[i] = newWebClient(base, fmt.Sprintf("192.0.2.%d", i+1))
		if err := clients[i].login(adminUser, adminPassword); err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
	}
	var done sync.WaitGroup
	for i, c := range clients {
		done.Add(1)
		go func() {
			defer done.Done()
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := l.createAndEdit(c, fmt.Sprintf("fault-%02d-%04d", i, k)); err != nil {
					return
				}
			}
		}()
	}
	return l, done.Wait
}

// acked counts the acknowledged writes so far.
func (l *ledger) acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.created) + len(l.editedTo)
}

// check fails t for any answer that was neither a page, a redirect nor
// the outage page.
func (l *ledger) check(t *testing.T) {
	t.Helper()
	for _, u := range l.unexpected {
		t.Error("unexpected answer: " + u)
	}
	t.Logf("answers by status: %v; %d creations and %d edits acknowledged", l.statuses, len(l.created), len(l.editedTo))
}

// checkAcknowledged: every acknowledged creation and edit is in the
// database with its history row.
func checkAcknowledged(t *testing.T, pool *pgxpool.Pool, l *ledger) {
	t.Helper()
	ctx := context.Background()
	for id := range l.created {
		var ok bool
		err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM vm_requests r JOIN vm_history h
			ON h.vm_request_id = r.id AND h.kind = 'created' WHERE r.id = $1)`, id).Scan(&ok)
		if err != nil || !ok {
			t.Errorf("acknowledged request %d missing, or its history (%v)", id, err)
		}
	}
	for id, version := range l.editedTo {
		var ok bool
		err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM vm_requests r JOIN vm_history h
			ON h.vm_request_id = r.id AND h.kind = 'updated' AND h.version = $2 - 1
			WHERE r.id = $1 AND r.version >= $2 AND r.cpus = 8)`, id, version).Scan(&ok)
		if err != nil || !ok {
			t.Errorf("acknowledged edit of request %d to version %d missing, or its history (%v)", id, version, err)
		}
	}
}

// trailChecks each count what must not exist: a request without its
// history or audit row, history without its change, orphans.
var trailChecks = []struct{ what, sql string }{
	{"requests without their 'created' row", `SELECT count(*) FROM vm_requests r WHERE NOT EXISTS
		(SELECT 1 FROM vm_history h WHERE h.vm_request_id = r.id AND h.kind = 'created')`},
	{"requests missing an 'updated' row for a version they left", `SELECT count(*) FROM vm_requests r
		WHERE (SELECT count(DISTINCT version) FROM vm_history h WHERE h.vm_request_id = r.id
		AND h.kind = 'updated' AND h.version < r.version) <> r.version - 1`},
	{"'updated' rows for a version the request never left", `SELECT count(*) FROM vm_history h
		JOIN vm_requests r ON r.id = h.vm_request_id WHERE h.kind = 'updated' AND h.version >= r.version`},
	{"history rows without their request", `SELECT count(*) FROM vm_history h
		WHERE NOT EXISTS (SELECT 1 FROM vm_requests r WHERE r.id = h.vm_request_id)`},
	{"VLANs without their request", `SELECT count(*) FROM vm_vlans v
		WHERE NOT EXISTS (SELECT 1 FROM vm_requests r WHERE r.id = v.vm_request_id)`},
	{"requests without the form's two VLANs", `SELECT count(*) FROM vm_requests r
		WHERE (SELECT count(*) FROM vm_vlans v WHERE v.vm_request_id = r.id) <> 2`},
	{"requests without their audit row", `SELECT count(*) FROM vm_requests r WHERE NOT EXISTS
		(SELECT 1 FROM audit_log a WHERE a.object_type = 'vm_request' AND a.object_id = r.id::text
		AND a.action = '` + models.ActionRequestCreated + `')`},
}

// checkTrail fails the test for anything half-written, and returns the
// number of requests.
func checkTrail(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	for _, c := range trailChecks {
		var n int
		if err := pool.QueryRow(context.Background(), c.sql).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d (%v)", c.what, n, err)
		}
	}
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM vm_requests").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
