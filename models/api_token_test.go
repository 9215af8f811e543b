package models_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"

	"vmportal/models"
)

// TestAPITokenLifecycle: a token is stored as the SHA-256 of its secret,
// authenticates until it expires or is revoked, and its input is checked.
func TestAPITokenLifecycle(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	u := createUser(t, db, "tok", models.RoleUser)
	in := models.TokenInput{Name: " ci ", Scope: models.ScopeWrite, Expires: models.Today().Format(models.DateLayout)}
	secret, tok, err := models.CreateAPIToken(db, u, in)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(secret))
	if !strings.HasPrefix(secret, models.TokenPrefix) || !bytes.Equal(tok.TokenHash, sum[:]) || tok.Name != "ci" ||
		!strings.HasPrefix(secret, tok.Prefix) || tok.ExpiryDate() != in.Expires {
		t.Fatalf("token %+v for secret %s", tok, secret)
	}
	if _, got, err := models.AuthenticateToken(db, secret); err != nil || got.ID != u.ID {
		t.Fatalf("authenticate: %v", err)
	}
	if _, _, err := models.AuthenticateToken(db, secret+"x"); !errors.Is(err, models.ErrTokenInvalid) {
		t.Fatalf("wrong secret: %v", err)
	}
	// Expires is the last day it works: it ends at the next midnight UTC.
	if !tok.ExpiresAt.Equal(models.Today().AddDate(0, 0, 1)) || tok.Expired(time.Now()) {
		t.Fatalf("expires at %v", tok.ExpiresAt)
	}
	if err := models.RevokeAPIToken(db, u, tok.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(auditEntries(t, db, models.ActionTokenCreated)) + len(auditEntries(t, db, models.ActionTokenRevoked)); n != 2 {
		t.Fatalf("%d audit rows for creating and revoking, want 2", n)
	}
	if _, _, err := models.AuthenticateToken(db, secret); !errors.Is(err, models.ErrTokenRevoked) {
		t.Fatalf("revoked: %v", err)
	}
	if err := models.RevokeAPIToken(db, &models.User{ID: u.ID + 1}, tok.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("revoke another's token: %v", err)
	}

	bad := []models.TokenInput{
		{Name: "", Scope: models.ScopeRead, Expires: in.Expires},
		{Name: strings.Repeat("n", 101), Scope: models.ScopeRead, Expires: in.Expires},
		{Name: "x", Scope: models.ScopeAdmin, Expires: in.Expires},
		{Name: "x", Scope: "root", Expires: in.Expires},
		{Name: "x", Scope: models.ScopeRead, Expires: "tomorrow"},
		{Name: "x", Scope: models.ScopeRead, Expires: models.Today().AddDate(0, 0, -1).Format(models.DateLayout)},
		{Name: "x", Scope: models.ScopeRead, Expires: models.Today().AddDate(0, 0, models.MaxTokenDays+1).Format(models.DateLayout)},
	}
	for _, b := range bad {
		var verr *models.ValidationError
		if _, _, err := models.CreateAPIToken(db, u, b); !errors.As(err, &verr) {
			t.Errorf("%+v: %v, want a validation error", b, err)
		}
	}
}
