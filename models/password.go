package models

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// MinBcryptCost is the lowest cost the portal hashes passwords with.
const MinBcryptCost = 12

// costFloor is the lowest cost HashPassword and the login's dummy hash
// use: MinBcryptCost, unless AllowCheapHashesForTests lowered it.
var costFloor atomic.Int32

func init() { costFloor.Store(MinBcryptCost) }

// AllowCheapHashesForTests lets HashPassword and NewLogin go down to the
// cost they are asked for, as low as bcrypt's minimum, for the rest of
// the process. Only the test harness (app/apptest) calls it: under the
// race detector one hash at MinBcryptCost takes seconds, and the suite
// creates users, resets passwords and fails logins hundreds of times.
// The models package's own tests keep the floor and check it.
func AllowCheapHashesForTests() { costFloor.Store(int32(bcrypt.MinCost)) }

// floorCost is cost, raised to the floor.
func floorCost(cost int) int { return max(cost, int(costFloor.Load())) }

// HashPassword returns the bcrypt hash of password at cost (never below
// MinBcryptCost).
func HashPassword(password string, cost int) (string, error) {
	cost = floorCost(cost)
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("models: hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether password matches u's hash. A directory
// account has no hash and never matches.
func (u *User) CheckPassword(password string) bool {
	return u.PasswordHash != "" && bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil
}

// dummyHashes holds one hash per cost, each made once per process.
var dummyHashes sync.Map // int → func() []byte

// dummyHash is compared against when a username has no local password, so
// a failed login takes as long whether or not the account exists (no user
// enumeration by timing). It has the cost real hashes have (BCRYPT_COST):
// a cheaper one would answer unknown names measurably faster.
func dummyHash(cost int) []byte {
	cost = floorCost(cost)
	once, _ := dummyHashes.LoadOrStore(cost, sync.OnceValue(func() []byte {
		h, _ := bcrypt.GenerateFromPassword([]byte("no such user"), cost)
		return h
	}))
	return once.(func() []byte)()
}

// Authenticate returns the active local user with this username and
// password, or ErrBadCredentials, spending one bcrypt comparison at the
// minimum cost for unknown names. It serves commands and tests; the web
// login is Login.LogIn, which also asks the directory, throttles, audits
// and compares at the configured cost.
func Authenticate(db *gorm.DB, username, password string) (*User, error) {
	u, err := findLoginUser(db, username)
	if err != nil {
		return nil, err
	}
	if _, err := checkLocal(u, password, dummyHash(MinBcryptCost)); err != nil {
		return nil, err
	}
	return u, nil
}

// findLoginUser loads the account named username, or nil when there is none.
func findLoginUser(db *gorm.DB, username string) (*User, error) {
	u, err := FindUserByUsername(db, username)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return u, err
}

// checkLocal checks password against u's local hash (u nil: no such
// account). On failure it returns ErrBadCredentials with the reason for
// the audit trail.
func checkLocal(u *User, password string, dummy []byte) (string, error) {
	switch {
	case u == nil:
		_ = bcrypt.CompareHashAndPassword(dummy, []byte(password))
		return "unknown user", ErrBadCredentials
	case u.IsDirectory():
		_ = bcrypt.CompareHashAndPassword(dummy, []byte(password))
		return "directory account while directory login is off", ErrBadCredentials
	case !u.CheckPassword(password):
		return "bad credentials", ErrBadCredentials
	case !u.Active:
		return "account deactivated", ErrBadCredentials
	}
	return "", nil
}

// ErrBadCredentials means the username, the password or the account's
// active flag did not allow a login; the reason is not told apart on
// purpose.
var ErrBadCredentials = errors.New("invalid username or password")
