package controllers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
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
