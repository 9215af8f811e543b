package models

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// MinBcryptCost is the lowest cost the portal hashes passwords with.
const MinBcryptCost = 12

// HashPassword returns the bcrypt hash of password at cost (never below
// MinBcryptCost).
func HashPassword(password string, cost int) (string, error) {
	if cost < MinBcryptCost {
		cost = MinBcryptCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("models: hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether password matches u's hash.
func (u *User) CheckPassword(password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil
}

// dummyHash is compared against when a username does not exist, so a failed
// login takes as long whether or not the account exists (no user
// enumeration by timing).
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user"), MinBcryptCost)
	return h
})

// Authenticate returns the active user with this username and password, or
// ErrBadCredentials. It always spends one bcrypt comparison.
func Authenticate(db *gorm.DB, username, password string) (*User, error) {
	u, err := FindUserByUsername(db, username)
	if errors.Is(err, ErrNotFound) {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	if !u.CheckPassword(password) || !u.Active {
		return nil, ErrBadCredentials
	}
	return u, nil
}

// ErrBadCredentials means the username, the password or the account's
// active flag did not allow a login; the reason is not told apart on
// purpose.
var ErrBadCredentials = errors.New("invalid username or password")
