package deploy_test

import (
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

	"vmportal/app/apptest"
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
	case http.StatusForbidden:
		if !csrfRace(body) {
			l.unexpected = append(l.unexpected, fmt.Sprintf("%s: 403\n%.400s", what, body))
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

// csrfRace reports the CSRF refusal a page can earn when the database
// flickers while it is rendered: Fiber's csrf middleware takes a session
// read that failed for "no token", hands out a new one, and its save fails
// unnoticed. The form is refused and nothing is stored; the user reloads.
// The middleware gives the app no way to see the store's error, so the
// tests accept this refusal like a 503 (rare: the session stores retry).
func csrfRace(body string) bool {
	return strings.Contains(body, "missing its security token")
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
			repeat(stop, func(k int) bool {
				return l.createAndEdit(c, fmt.Sprintf("fault-%02d-%04d", i, k)) == nil
			})
		}()
	}
	return l, done.Wait
}

// repeat calls step with 0, 1, 2, … until stop is closed or step returns
// false.
func repeat(stop <-chan struct{}, step func(k int) bool) {
	for k := 0; ; k++ {
		select {
		case <-stop:
			return
		default:
		}
		if !step(k) {
			return
		}
	}
}

// loadedApp starts `vmportal serve` on dbURL with 16 clients creating and
// editing requests through it, and returns once 40 writes went through:
// the moment to break something. Close stop to end the clients, then
// wait for them.
func loadedApp(t *testing.T, bin, dbURL string) (p *appProcess, l *ledger, stop chan struct{}, wait func()) {
	t.Helper()
	port := freePort(t)
	p = startApp(t, bin, dbURL, "loaded", port)
	stop = make(chan struct{})
	l, wait = hammer(t, fmt.Sprintf("http://127.0.0.1:%d", port), 16, stop)
	waitForAcks(t, l, 40)
	return p, l, stop, wait
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
	t.Logf("answers by status: %v (403: see csrfRace); %d creations and %d edits acknowledged",
		l.statuses, len(l.created), len(l.editedTo))
}
