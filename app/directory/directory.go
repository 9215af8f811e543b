// Package directory checks a person's credentials against an LDAP
// directory (OpenLDAP, Active Directory) for directory login (SPEC §12):
// it finds the person with the service account, binds as them to prove the
// password, and reads their name, email and group memberships. It knows
// nothing of the portal's users; models turns an Identity into one.
package directory

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/go-ldap/ldap/v3"

	"vmportal/config"
)

// Identity is who the directory says a person is.
type Identity struct {
	DN       string
	FullName string
	Email    string
	Admin    bool // member of LDAP_ADMIN_GROUP
}

// Refusals. Each is final for this attempt; Unavailable is not a refusal
// but a directory that could not be asked.
var (
	// ErrNoSuchUser: the filter matched nobody (or more than one entry).
	ErrNoSuchUser = errors.New("directory: no such user")
	// ErrWrongPassword: the directory refused the person's bind.
	ErrWrongPassword = errors.New("directory: wrong password")
	// ErrNotInUserGroup: the person is not a member of LDAP_USER_GROUP.
	ErrNotInUserGroup = errors.New("directory: not a member of the user group")
)

// UnavailableError means the directory did not answer or could not be
// used (network, TLS, service account); Err says why, for the logs.
type UnavailableError struct{ Err error }

// Error says what failed.
func (e *UnavailableError) Error() string { return "directory: not answering: " + e.Err.Error() }

// Unwrap returns the underlying failure.
func (e *UnavailableError) Unwrap() error { return e.Err }

// Client authenticates against one directory. It holds no connection: each
// login dials its own, so a directory restart never leaves a stale one.
type Client struct {
	cfg config.LDAP
	tls *tls.Config
}

// New returns a client for cfg, or nil when directory login is off. It
// fails when LDAP_CA_FILE cannot be read or holds no certificate.
func New(cfg config.LDAP) (*Client, error) {
	if !cfg.Enabled() {
		return nil, nil
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("directory: LDAP_URL: %w", err)
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("directory: LDAP_CA_FILE: %w", err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("directory: LDAP_CA_FILE %s: no PEM certificate in it", cfg.CAFile)
		}
	}
	return &Client{cfg: cfg, tls: &tls.Config{RootCAs: roots, ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}}, nil
}

// Authenticate proves username's password to the directory and returns the
// person's identity. Errors: ErrNoSuchUser, ErrWrongPassword,
// ErrNotInUserGroup, or *UnavailableError.
func (c *Client) Authenticate(ctx context.Context, username, password string) (*Identity, error) {
	// An empty password would be an anonymous ("unauthenticated") bind,
	// which many servers accept: it must never count as proof.
	if password == "" {
		return nil, ErrWrongPassword
	}
	conn, closeConn, err := c.dial(ctx)
	if err != nil {
		return nil, err
	}
	defer closeConn()
	if err := conn.Bind(c.cfg.BindDN, c.cfg.BindPassword); err != nil {
		return nil, unavailable("service account bind", err)
	}
	entry, err := c.findUser(conn, username)
	if err != nil {
		return nil, err
	}
	if err := conn.Bind(entry.DN, password); err != nil {
		if ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
			return nil, ErrWrongPassword
		}
		return nil, unavailable("user bind", err)
	}
	// Groups are read as the service account: a person may not be allowed
	// to read group entries.
	if err := conn.Bind(c.cfg.BindDN, c.cfg.BindPassword); err != nil {
		return nil, unavailable("service account bind", err)
	}
	return c.identity(conn, entry)
}

// dial connects (TLS for ldaps://, StartTLS when asked) with the timeout on
// connecting and on every operation. The connection is also closed when ctx
// ends or after an overall budget, which stops a server that accepts but
// never finishes a TLS handshake. Call the returned func when done.
func (c *Client) dial(ctx context.Context) (*ldap.Conn, func(), error) {
	conn, err := ldap.DialURL(c.cfg.URL,
		ldap.DialWithDialer(&net.Dialer{Timeout: c.cfg.Timeout}), ldap.DialWithTLSConfig(c.tls))
	if err != nil {
		return nil, nil, unavailable("connect", err)
	}
	conn.SetTimeout(c.cfg.Timeout)
	budget := time.AfterFunc(4*c.cfg.Timeout, func() { _ = conn.Close() })
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	closeConn := func() {
		budget.Stop()
		stop()
		_ = conn.Close()
	}
	if c.cfg.StartTLS {
		if err := conn.StartTLS(c.tls); err != nil {
			closeConn()
			return nil, nil, unavailable("StartTLS", err)
		}
	}
	return conn, closeConn, nil
}

// findUser searches for exactly one entry matching the user filter. The
// username is escaped, so `*`, `(`, `)`, `\` and NUL are literal
// characters, never filter syntax: "*" or "a)(uid=*" match nobody.
func (c *Client) findUser(conn *ldap.Conn, username string) (*ldap.Entry, error) {
	filter := fmt.Sprintf(c.cfg.UserFilter, ldap.EscapeFilter(username))
	req := ldap.NewSearchRequest(c.cfg.UserBase, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases,
		2, int(c.cfg.Timeout/time.Second), false, filter,
		[]string{c.cfg.AttrName, c.cfg.AttrEmail, "memberOf"}, nil)
	res, err := conn.Search(req)
	switch {
	case ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded):
		return nil, ErrNoSuchUser // ambiguous: never pick one of several
	case err != nil:
		return nil, unavailable("search", err)
	case len(res.Entries) != 1:
		return nil, ErrNoSuchUser
	}
	return res.Entries[0], nil
}

// identity reads the person's attributes and checks the groups.
func (c *Client) identity(conn *ldap.Conn, entry *ldap.Entry) (*Identity, error) {
	if c.cfg.UserGroup != "" {
		ok, err := c.isMember(conn, entry, c.cfg.UserGroup)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrNotInUserGroup
		}
	}
	id := &Identity{
		DN:       entry.DN,
		FullName: entry.GetEqualFoldAttributeValue(c.cfg.AttrName),
		Email:    entry.GetEqualFoldAttributeValue(c.cfg.AttrEmail),
	}
	if c.cfg.AdminGroup != "" {
		admin, err := c.isMember(conn, entry, c.cfg.AdminGroup)
		if err != nil {
			return nil, err
		}
		id.Admin = admin
	}
	return id, nil
}
