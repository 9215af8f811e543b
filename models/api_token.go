package models

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"vmportal/i18n"
)

// Scopes of a personal access token. A token never allows more than its
// user's current role does: scope narrows the role, it does not grant.
const (
	ScopeRead  = "read"  // read what the user may see
	ScopeWrite = "write" // also create, edit and decide as the user may
	ScopeAdmin = "admin" // also the admin-only reads (the audit trail); admins only
)

// Token limits.
const (
	// TokenPrefix starts every token, so people (and secret scanners)
	// recognise one in a file or a log.
	TokenPrefix = "vmp_"
	// MaxTokenName bounds a token's name (the schema says the same).
	MaxTokenName = 100
	// MaxTokenDays is how far ahead a token may expire.
	MaxTokenDays = 366
	// tokenTouchEvery: the last-use time is refreshed at most this often
	// (or when the address changes), so using a token is not a write on
	// every call.
	tokenTouchEvery = time.Minute
	// shownPrefix is how many characters of a token its list shows.
	shownPrefix = len(TokenPrefix) + 4
)

// Errors of token authentication; each means 401, with its own words.
var (
	ErrTokenInvalid = errors.New("the token is not valid")
	ErrTokenExpired = errors.New("the token has expired")
	ErrTokenRevoked = errors.New("the token has been revoked")
	ErrTokenUser    = errors.New("the token's user account is deactivated")
)

// APIToken is a personal access token. Only the SHA-256 of the secret is
// kept: the secret is 32 random bytes, so the hash cannot be reversed by
// guessing, and a stolen table holds no usable token.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  []byte `json:"-"`
	Prefix     string
	Scope      string
	ExpiresAt  time.Time
	CreatedAt  time.Time
	LastUsedAt *time.Time
	LastUsedIP *string
	RevokedAt  *time.Time
}

// TokenScopes lists the scopes u may give a token.
func TokenScopes(u *User) []string {
	if u.IsAdmin() {
		return []string{ScopeRead, ScopeWrite, ScopeAdmin}
	}
	return []string{ScopeRead, ScopeWrite}
}

// scopeRank orders scopes: each allows what the ones before it allow.
var scopeRank = map[string]int{ScopeRead: 1, ScopeWrite: 2, ScopeAdmin: 3}

// Allows reports whether the token's scope covers need.
func (t *APIToken) Allows(need string) bool { return scopeRank[t.Scope] >= scopeRank[need] }

// Expired reports whether the token has expired at now.
func (t *APIToken) Expired(now time.Time) bool { return !now.Before(t.ExpiresAt) }

// Revoked reports whether the token has been revoked.
func (t *APIToken) Revoked() bool { return t.RevokedAt != nil }

// ExpiryDate is the last day the token works, as the form took it.
func (t *APIToken) ExpiryDate() string {
	return t.ExpiresAt.UTC().Add(-time.Nanosecond).Format(DateLayout)
}

// Via names the token in audit rows written on its behalf.
func (t *APIToken) Via() string { return "API token " + t.Name }

// TokenInput is the token form: a name, the last day it works
// (YYYY-MM-DD) and a scope.
type TokenInput struct {
	Name    string
	Expires string
	Scope   string
}

// DefaultTokenExpiry is the form's suggested last day: 90 days ahead.
func DefaultTokenExpiry() string { return Today().AddDate(0, 0, 90).Format(DateLayout) }

// validate checks in for u and returns the expiry instant (the end of the
// last day, UTC).
func (in *TokenInput) validate(u *User) (time.Time, FieldErrors) {
	fe := FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fe.Add("name", i18n.M("token.name_required"))
	case !utf8.ValidString(in.Name) || strings.ContainsRune(in.Name, 0):
		fe.Add("name", i18n.M("token.name_not_text"))
	case n > MaxTokenName:
		fe.Add("name", i18n.M("token.name_too_long", "Max", MaxTokenName))
	}
	if !slices.Contains(TokenScopes(u), in.Scope) {
		fe.Add("scope", i18n.M("token.scope_choose", "Choices", i18n.OrList{Items: TokenScopes(u)}))
	}
	day, err := time.Parse(DateLayout, strings.TrimSpace(in.Expires))
	today := Today()
	switch {
	case err != nil:
		fe.Add("expires", i18n.M("token.expires_format"))
	case day.Before(today):
		fe.Add("expires", i18n.M("token.expires_past"))
	case day.After(today.AddDate(0, 0, MaxTokenDays)):
		fe.Add("expires", i18n.M("token.expires_too_far", "Max", MaxTokenDays))
	}
	return day.AddDate(0, 0, 1), fe
}

// CreateAPIToken makes a token for u from in and records it in the audit
// trail, in one transaction. It returns the secret, which is never stored
// and never shown again, or a *ValidationError.
func CreateAPIToken(db *gorm.DB, u *User, in TokenInput) (string, *APIToken, error) {
	expires, fe := in.validate(u)
	if len(fe) > 0 {
		return "", nil, &ValidationError{Fields: fe}
	}
	secret, err := newTokenSecret()
	if err != nil {
		return "", nil, err
	}
	t := &APIToken{UserID: u.ID, Name: in.Name, TokenHash: hashToken(secret), Prefix: secret[:shownPrefix],
		Scope: in.Scope, ExpiresAt: expires}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionTokenCreated, tokenObject(t.ID), map[string]any{
			"token": t.Name, "scope": t.Scope, "expires": t.ExpiryDate()})
	})
	if err != nil {
		return "", nil, fmt.Errorf("models: create api token for user %d: %w", u.ID, err)
	}
	return secret, t, nil
}

// newTokenSecret is TokenPrefix and 32 random bytes, base64url.
func newTokenSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("models: token secret: %w", err)
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

func tokenObject(id int64) AuditObject {
	return AuditObject{Type: "api_token", ID: strconv.FormatInt(id, 10)}
}

// ListAPITokens returns userID's tokens, newest first, revoked ones too.
func ListAPITokens(db *gorm.DB, userID int64) ([]APIToken, error) {
	var ts []APIToken
	if err := db.Where("user_id = ?", userID).Order("id DESC").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("models: list api tokens of user %d: %w", userID, err)
	}
	return ts, nil
}

// RevokeAPIToken revokes u's token id and audits it; the next call with it
// is refused. ErrNotFound when u has no such token; revoking a revoked
// token changes nothing.
func RevokeAPIToken(db *gorm.DB, u *User, id int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var t APIToken
		err := tx.Where("id = ? AND user_id = ?", id, u.ID).Take(&t).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("models: revoke api token %d: %w", id, err)
		}
		res := tx.Model(&APIToken{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", tx.NowFunc())
		if res.Error != nil {
			return fmt.Errorf("models: revoke api token %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return RecordAudit(tx, ActionTokenRevoked, tokenObject(id), map[string]any{"token": t.Name})
	})
}

// tokenUser is a token row joined to its user's row (u_ columns).
type tokenUser struct {
	APIToken
	User User `gorm:"embedded;embeddedPrefix:u_"`
}

// AuthenticateToken finds the token secret and its user in one query and
// checks both now: a revoked or expired token, or a deactivated user, is
// refused. The user is read on every call, so a role change or a
// deactivation takes effect on the very next one.
func AuthenticateToken(db *gorm.DB, secret string) (*APIToken, *User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 100 {
		return nil, nil, ErrTokenInvalid
	}
	var rows []tokenUser
	err := db.Raw(`SELECT t.*, u.id AS u_id, u.username AS u_username, u.full_name AS u_full_name,
		u.email AS u_email, u.role AS u_role, u.active AS u_active, u.source AS u_source
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, hashToken(secret)).Scan(&rows).Error
	switch {
	case err != nil:
		return nil, nil, fmt.Errorf("models: authenticate api token: %w", err)
	case len(rows) == 0:
		return nil, nil, ErrTokenInvalid
	}
	t, u := &rows[0].APIToken, &rows[0].User
	switch {
	case t.Revoked():
		return nil, nil, ErrTokenRevoked
	case t.Expired(db.NowFunc()):
		return nil, nil, ErrTokenExpired
	case !u.Active:
		return nil, nil, ErrTokenUser
	}
	return t, u, nil
}

// Touch records that the token was just used from ip. It writes only when
// the address changed (audited: a token used from a new address may have
// leaked) or the last recorded use is older than a minute.
func (t *APIToken) Touch(db *gorm.DB, ip string) error {
	var addr *string
	if p := net.ParseIP(ip); p != nil {
		s := p.String()
		addr = &s
	}
	now := db.NowFunc()
	moved := !sameAddress(t.LastUsedIP, addr)
	if !moved && t.LastUsedAt != nil && now.Sub(*t.LastUsedAt) < tokenTouchEvery {
		return nil
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		q := tx.Model(&APIToken{}).Where("id = ?", t.ID)
		if moved {
			// Only the first call from the new address sees the change.
			q = q.Where("last_used_ip IS DISTINCT FROM ?", addr)
		}
		res := q.UpdateColumns(map[string]any{"last_used_at": now, "last_used_ip": addr})
		if res.Error != nil || !moved || res.RowsAffected == 0 {
			return res.Error
		}
		return RecordAudit(tx, ActionTokenNewAddress, tokenObject(t.ID), map[string]any{
			"token": t.Name, "address": ip})
	})
	if err != nil {
		return fmt.Errorf("models: record use of api token %d: %w", t.ID, err)
	}
	return nil
}

// sameAddress compares a stored inet (PostgreSQL prints a host address
// without a mask; one is cut off anyway) with a parsed address.
func sameAddress(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	pa, pb := net.ParseIP(strings.Split(*a, "/")[0]), net.ParseIP(*b)
	return pa != nil && pa.Equal(pb)
}
