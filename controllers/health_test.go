package controllers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"vmportal/app/apptest"
)

func TestHealthzAnswersWithoutASession(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	r := env.Client().Get("/healthz")
	if r.Status != http.StatusOK || strings.TrimSpace(r.Body) != "ok" {
		t.Fatalf("healthz: %d %q", r.Status, r.Body)
	}
	if r.Header.Get("Set-Cookie") != "" {
		t.Error("healthz created a session")
	}
}

func TestDatabaseOutageGives503AndTheAppRecovers(t *testing.T) {
	t.Parallel()
	var proxy *apptest.TCPProxy
	env := apptest.New(t, apptest.ThroughProxy(t, &proxy))
	c := env.Admin()

	proxy.Down()
	if r := c.Get("/healthz"); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("healthz with the database down: %d, want 503", r.Status)
	}
	// Pages answer with the 503 page (the sessions' own pool is cut too:
	// it shares the proxy), never a stack trace or a blank page.
	for _, path := range []string{"/dashboard", "/login"} {
		r := c.Get(path)
		if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "Service unavailable") {
			t.Fatalf("%s with the database down: %d\n%s", path, r.Status, r.Body)
		}
		if strings.Contains(r.Body, "goroutine") || strings.Contains(r.Body, ".go:") {
			t.Fatalf("%s leaked internals:\n%s", path, r.Body)
		}
	}

	// A form posted during the outage: 503 too, not a CSRF 403.
	if r := c.PostForm("/logout", nil); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("POST with the database down: %d, want 503", r.Status)
	}

	proxy.Up()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.Get("/dashboard")
		if r.Status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the app did not recover after the database came back: %d", r.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := c.Get("/healthz"); r.Status != http.StatusOK {
		t.Fatalf("healthz after recovery: %d", r.Status)
	}
}
