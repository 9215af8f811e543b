package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Roles a user can have. What each may do is decided where it matters:
// route guards (web.RequireRole) and the models' permission checks.
const (
	RoleAdmin = "admin"
	RoleUser  = "user"
)

// Where an account authenticates (users.source).
const (
	// SourceLocal accounts have a bcrypt password hash in the portal.
	SourceLocal = "local"
	// SourceDirectory accounts were created by their first directory
	// login; the directory alone checks their password.
	SourceDirectory = "directory"
)

// Roles lists every role, as the user form offers them; the schema's CHECK
// on users.role says the same.
var Roles = []string{RoleUser, RoleAdmin}

// User is a person who logs in to the portal.
type User struct {
	ID           int64
	Username     string
	FullName     string
	Email        string
	PasswordHash string `json:"-"`
	Role         string
	Active       bool
	LastLoginAt  *time.Time
	// SessionsRevokedAt ends every session that logged in before it.
	SessionsRevokedAt *time.Time
	// UsesDefaultPassword is true while the account has the initial
	// password seeded by init-db.
	UsesDefaultPassword bool
	// EmailNotifications is the account setting "Email me about my
	// requests".
	EmailNotifications bool `gorm:"default:true"`
	// Source is SourceLocal or SourceDirectory.
	Source string `gorm:"default:local"`
	// Language is the i18n tag the user picked, or "" for none yet.
	Language  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SetUserLanguage stores the language user id picked. Not audited: it
// changes what the user reads, not what they may do.
func SetUserLanguage(db *gorm.DB, id int64, lang string) error {
	if err := db.Model(&User{ID: id}).UpdateColumn("language", lang).Error; err != nil {
		return fmt.Errorf("models: set language of user %d: %w", id, err)
	}
	return nil
}

// IsAdmin reports whether u has the admin role.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// IsDirectory reports whether u's password is managed by the directory.
func (u *User) IsDirectory() bool { return u.Source == SourceDirectory }

// ErrNotFound is returned by lookups that find no row.
var ErrNotFound = errors.New("not found")

// FindUserByID loads the user with id, or returns ErrNotFound.
func FindUserByID(db *gorm.DB, id int64) (*User, error) {
	var u User
	err := db.Take(&u, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: find user %d: %w", id, err)
	}
	return &u, nil
}

// FindUserByUsername loads the user whose username matches name ignoring
// case (backed by the unique index on lower(username)), or ErrNotFound.
func FindUserByUsername(db *gorm.DB, name string) (*User, error) {
	var u User
	err := db.Where("lower(username) = lower(?)", strings.TrimSpace(name)).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: find user %q: %w", name, err)
	}
	return &u, nil
}

// TouchLastLogin records that the user with id has just logged in.
func TouchLastLogin(db *gorm.DB, id int64) error {
	err := db.Model(&User{}).Where("id = ?", id).
		UpdateColumn("last_login_at", db.NowFunc()).Error
	if err != nil {
		return fmt.Errorf("models: touch last login of user %d: %w", id, err)
	}
	return nil
}
