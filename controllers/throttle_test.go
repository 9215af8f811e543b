package controllers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

func TestFailedLoginsAreThrottledPerUsername(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	c.Get("/login")
	for i := 1; i <= 5; i++ {
		if r := c.PostForm("/login", url.Values{"username": {"admin"}, "password": {"wrong"}}); r.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i, r.Status)
		}
	}
	// The sixth attempt is refused even with the right password, and the
	// username's case does not get around it.
	r := c.PostForm("/login", url.Values{"username": {"Admin"}, "password": {apptest.AdminPassword}})
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Too many failed login attempts") {
		t.Fatalf("after 5 failures: status %d, want 429 with a message\n%s", r.Status, r.Body)
	}
	if r.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Other accounts are not locked by it.
	env.CreateUser("dave", models.RoleUser)
	if r := env.Client().PostForm("/login", url.Values{"username": {"dave"}, "password": {apptest.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("another user's login: status %d, want 303", r.Status)
	}
	throttled := 0
	for _, e := range env.AuditEntries(models.ActionLoginFailed) {
		if e.Details["reason"] == "throttled" {
			throttled++
		}
	}
	if throttled != 1 {
		t.Errorf("throttled attempts audited: %d, want 1", throttled)
	}
}

func TestFailedLoginsAreThrottledPerIP(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	c.Get("/login")
	// 20 failures spread over five accounts (none reaches its own limit of
	// five) exhaust the address's allowance.
	for i := 0; i < 20; i++ {
		name := fmt.Sprintf("user%d", i%5)
		if i < 5 {
			env.CreateUser(name, models.RoleUser)
		}
		r := c.PostForm("/login", url.Values{"username": {name}, "password": {"wrong"}})
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i, r.Status)
		}
	}
	if r := c.PostForm("/login", url.Values{"username": {"admin"}, "password": {apptest.AdminPassword}}); r.Status != http.StatusTooManyRequests {
		t.Fatalf("21st attempt from the same address: status %d, want 429", r.Status)
	}
}

func TestSuccessfulLoginsAreNotThrottled(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	for i := 0; i < 7; i++ {
		env.Client().Login("admin", apptest.AdminPassword)
	}
}

// countReason counts the audit rows of action with details.reason.
func countReason(env *apptest.Env, action, reason string) int {
	n := 0
	for _, e := range env.AuditEntries(action) {
		if e.Details["reason"] == reason {
			n++
		}
	}
	return n
}

func TestRefusedAttemptsAreAuditedOncePerWindowAndKey(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	c.Get("/login")
	for i := 0; i < 5; i++ {
		c.PostForm("/login", url.Values{"username": {"admin"}, "password": {"wrong"}})
	}
	// A flood of refused attempts on one username: one audit row.
	for i := 0; i < 10; i++ {
		if r := c.PostForm("/login", url.Values{"username": {"ADMIN"}, "password": {"wrong"}}); r.Status != http.StatusTooManyRequests {
			t.Fatalf("refused attempt %d: status %d, want 429", i, r.Status)
		}
	}
	if n := countReason(env, models.ActionLoginFailed, "throttled"); n != 1 {
		t.Fatalf("10 refused attempts on one username wrote %d audit rows, want 1", n)
	}
	// Exhaust the address with other names (15 more failures: 20 in all),
	// then a flood of fresh names from it: one more row, for the address.
	for i := 0; i < 3; i++ {
		env.CreateUser(fmt.Sprintf("other%d", i), models.RoleUser)
	}
	for i := 0; i < 15; i++ {
		c.PostForm("/login", url.Values{"username": {fmt.Sprintf("other%d", i%3)}, "password": {"wrong"}})
	}
	for i := 0; i < 10; i++ {
		if r := c.PostForm("/login", url.Values{"username": {fmt.Sprintf("fresh%d", i)}, "password": {"x"}}); r.Status != http.StatusTooManyRequests {
			t.Fatalf("attempt %d from the exhausted address: status %d, want 429", i, r.Status)
		}
	}
	if n := countReason(env, models.ActionLoginFailed, "throttled"); n != 2 {
		t.Errorf("refused attempts audited: %d rows, want 2 (one per username, one per address)", n)
	}
}

func TestConcurrentSuccessfulLoginsFromOneAddressAreNotThrottled(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	const n = 50
	clients := make([]*apptest.Client, n)
	for i := range clients {
		env.CreateUser(fmt.Sprintf("office%02d", i), models.RoleUser)
		clients[i] = env.Client()
		clients[i].Get("/login")
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = c.PostForm("/login", url.Values{"username": {fmt.Sprintf("office%02d", i)}, "password": {apptest.Password}}).Status
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusSeeOther {
			t.Errorf("office%02d: status %d, want 303", i, s)
		}
	}
	// Failures are still counted: ten wrong passwords for one account
	// are stopped after five.
	c := env.Client()
	c.Get("/login")
	refused := 0
	for i := 0; i < 10; i++ {
		switch r := c.PostForm("/login", url.Values{"username": {"office00"}, "password": {"wrong"}}); r.Status {
		case http.StatusTooManyRequests:
			refused++
		case http.StatusUnauthorized:
		default:
			t.Fatalf("wrong password %d: status %d", i, r.Status)
		}
	}
	if refused != 5 {
		t.Errorf("%d of 10 wrong passwords refused by the throttle, want 5", refused)
	}
}

func TestConcurrentWrongPasswordsAreCountedOneByOne(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("target", models.RoleUser)
	clients := make([]*apptest.Client, 10)
	for i := range clients {
		clients[i] = env.Client()
		clients[i].Get("/login")
	}
	statuses := make([]int, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = c.PostForm("/login", url.Values{"username": {"target"}, "password": {"wrong"}}).Status
		}()
	}
	wg.Wait()
	// A burst gets no more guesses than sequential attempts: five are
	// checked, the other five refused.
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[http.StatusUnauthorized] != 5 || count[http.StatusTooManyRequests] != 5 {
		t.Fatalf("10 simultaneous wrong passwords: %v, want 5 × 401 and 5 × 429", count)
	}
}
