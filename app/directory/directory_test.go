package directory_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"vmportal/app/directory"
	"vmportal/app/directory/ldaptest"
	"vmportal/config"
)

func newClient(t *testing.T, cfg config.LDAP) *directory.Client {
	t.Helper()
	c, err := directory.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantUnavailable fails the test unless err is *UnavailableError whose
// text mentions mention.
func wantUnavailable(t *testing.T, what string, err error, mention string) {
	t.Helper()
	var unavailable *directory.UnavailableError
	if !errors.As(err, &unavailable) || !strings.Contains(err.Error(), mention) {
		t.Fatalf("%s: err = %v, want the directory unavailable, mentioning %q", what, err, mention)
	}
}

func TestAuthenticateAgainstOpenLDAP(t *testing.T) {
	t.Parallel()
	srv := ldaptest.Start(t)
	c := newClient(t, srv.Config())
	ctx := context.Background()

	id, err := c.Authenticate(ctx, "alice", ldaptest.AlicePassword)
	if err != nil {
		t.Fatalf("alice: %v", err)
	}
	if id.FullName != "Alice Liddell" || id.Email != "alice@example.org" || !id.Admin || !strings.HasPrefix(id.DN, "uid=alice,") {
		t.Errorf("alice = %+v; want her name, email and admin", id)
	}
	if id, err := c.Authenticate(ctx, "bob", ldaptest.BobPassword); err != nil || id.Admin {
		t.Errorf("bob = %+v, %v; want a non-admin identity", id, err)
	}
	refusals := []struct {
		name, username, password string
		want                     error
	}{
		{"wrong password", "alice", "not-her-password", directory.ErrWrongPassword},
		{"empty password (anonymous bind)", "alice", "", directory.ErrWrongPassword},
		{"unknown user", "mallory", "whatever-1", directory.ErrNoSuchUser},
		{"outside the user group", "dave", ldaptest.DavePassword, directory.ErrNotInUserGroup},
		{"wildcard", "*", ldaptest.AlicePassword, directory.ErrNoSuchUser},
		{"filter injection", "alice)(uid=*", ldaptest.AlicePassword, directory.ErrNoSuchUser},
		{"injection with a wildcard", "al*", ldaptest.AlicePassword, directory.ErrNoSuchUser},
		{"backslash and NUL", "alice\\00\x00", ldaptest.AlicePassword, directory.ErrNoSuchUser},
	}
	for _, tc := range refusals {
		if _, err := c.Authenticate(ctx, tc.username, tc.password); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestLDAPSWithTheCAFile(t *testing.T) {
	t.Parallel()
	srv := ldaptest.Start(t)
	cfg := srv.Config()
	cfg.URL, cfg.StartTLS = srv.LDAPSURL, false
	if _, err := newClient(t, cfg).Authenticate(context.Background(), "bob", ldaptest.BobPassword); err != nil {
		t.Fatalf("bob over ldaps://: %v", err)
	}
	cfg.CAFile = ""
	_, err := newClient(t, cfg).Authenticate(context.Background(), "bob", ldaptest.BobPassword)
	wantUnavailable(t, "ldaps", err, "certificate")
}

func TestStartTLSNeedsTheCA(t *testing.T) {
	t.Parallel()
	srv := ldaptest.Start(t)
	cfg := srv.Config()
	cfg.CAFile = "" // the system store does not know the test CA
	_, err := newClient(t, cfg).Authenticate(context.Background(), "alice", ldaptest.AlicePassword)
	wantUnavailable(t, "StartTLS with an unknown CA", err, "StartTLS")
}

func TestUnreachableDirectoryIsUnavailable(t *testing.T) {
	t.Parallel()
	srv := ldaptest.Start(t)
	c := newClient(t, srv.Config())
	srv.Stop()
	start := time.Now()
	_, err := c.Authenticate(context.Background(), "alice", ldaptest.AlicePassword)
	wantUnavailable(t, "stopped directory", err, "")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to notice", d)
	}
}

func TestSlowDirectoryTimesOut(t *testing.T) {
	t.Parallel()
	// A listener that accepts and never answers: the login must not hang.
	srv := ldaptest.Start(t)
	cfg := srv.Config()
	cfg.URL = ldaptest.SilentListener(t)
	cfg.Timeout = 300 * time.Millisecond
	start := time.Now()
	_, err := newClient(t, cfg).Authenticate(context.Background(), "alice", ldaptest.AlicePassword)
	wantUnavailable(t, "silent directory", err, "")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("a silent directory held the login for %v", d)
	}
}

func TestOffWithoutURL(t *testing.T) {
	c, err := directory.New(config.LDAP{})
	if c != nil || err != nil {
		t.Fatalf("New without URL = %v, %v; want nil, nil", c, err)
	}
	if _, err := directory.New(config.LDAP{URL: "ldap://127.0.0.1:1", CAFile: "/nonexistent/ca.pem"}); err == nil {
		t.Error("a missing LDAP_CA_FILE was accepted")
	}
}
