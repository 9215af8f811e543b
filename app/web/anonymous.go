package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"

	"vmportal/database"
)

// Anonymous sessions are stored only once they hold something.
//
// Most anonymous sessions never hold more than their CSRF token: the
// visitor opens the login page and logs in (which moves the session to a
// new, stored id), or never comes back (a crawler, a health check, a
// scanner). Storing each of them would make every anonymous page view a
// database write, and let anyone grow the sessions table at will. So a
// fresh anonymous session lives in the visitor's cookies alone until it
// changes (a language picked, a flash message, a login):
//   - its id carries the time it was issued and a MAC under the site's
//     key, so an id this site did not issue, or issued more than one
//     session lifetime ago, is never adopted: the visitor gets a new one;
//   - its CSRF token is a MAC of the id under the same key, so the login
//     form's token is checked (checkCSRF, unchanged) without a stored copy.
//
// The key is the database's (site_keys, migration 0027), so every instance
// behind the balancer accepts the ids and tokens of the others.

// anonymousKeyName names the key in site_keys.
const anonymousKeyName = "anonymous_sessions"

// Layout of an anonymous session id, before base64: the issue time (Unix
// seconds, big-endian), random bytes, then the first bytes of the MAC of
// both. 40 bytes make 54 characters, unlike the 43 of a stored session's
// id.
const (
	anonIssuedLen = 8
	anonRandomLen = 16
	anonMACLen    = 16
	anonIDLen     = anonIssuedLen + anonRandomLen + anonMACLen
)

// Domain separation: the same key signs ids and derives tokens.
var (
	anonIDPurpose   = []byte("vmportal anonymous session id\x00")
	anonCSRFPurpose = []byte("vmportal anonymous session csrf\x00")
)

// anonymousKey returns the site's key for anonymous sessions, read from
// the database once and then kept (an outage before the first read is a
// 503, as any page's).
func (s *Site) anonymousKey(ctx context.Context) ([]byte, error) {
	if k := s.anonKey.Load(); k != nil {
		return *k, nil
	}
	k, err := database.SiteKey(ctx, s.DB, anonymousKeyName)
	if err != nil {
		return nil, err
	}
	s.anonKey.Store(&k)
	return k, nil
}

// anonymousSession returns a pristine anonymous session, not stored: the
// one named id when this site issued that id within the session lifetime,
// else one with a fresh id.
func (s *Site) anonymousSession(ctx context.Context, id string) (*session, error) {
	key, err := s.anonymousKey(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if id == "" || !anonymousIDValid(key, id, now, s.SessionTTL) {
		id = newAnonymousID(key, now)
	}
	return &session{id: id, values: sessionValues{CSRF: anonymousCSRF(key, id)}}, nil
}

// newAnonymousID issues an id at now.
func newAnonymousID(key []byte, now time.Time) string {
	b := make([]byte, anonIDLen)
	binary.BigEndian.PutUint64(b, uint64(now.Unix()))
	_, _ = rand.Read(b[anonIssuedLen : anonIssuedLen+anonRandomLen]) // never fails (Go 1.24+)
	copy(b[anonIssuedLen+anonRandomLen:], mac(key, anonIDPurpose, b[:anonIssuedLen+anonRandomLen]))
	return base64.RawURLEncoding.EncodeToString(b)
}

// anonymousIDValid reports whether id was issued by newAnonymousID under
// key within ttl before now (a minute of clock skew between instances
// allowed the other way).
func anonymousIDValid(key []byte, id string, now time.Time, ttl time.Duration) bool {
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(b) != anonIDLen {
		return false
	}
	signed, sum := b[:anonIssuedLen+anonRandomLen], b[anonIssuedLen+anonRandomLen:]
	if !hmac.Equal(sum, mac(key, anonIDPurpose, signed)[:anonMACLen]) {
		return false
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(b)), 0)
	return issued.After(now.Add(-ttl)) && issued.Before(now.Add(time.Minute))
}

// anonymousCSRF is the CSRF token of the anonymous session id.
func anonymousCSRF(key []byte, id string) string {
	return base64.RawURLEncoding.EncodeToString(mac(key, anonCSRFPurpose, []byte(id)))
}

// mac is HMAC-SHA256 under key of purpose followed by msg.
func mac(key, purpose, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(purpose)
	h.Write(msg)
	return h.Sum(nil)
}
