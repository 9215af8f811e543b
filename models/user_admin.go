package models

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"vmportal/i18n"
)

// Password rules (issue: at least 10 characters, not the username; bcrypt
// reads at most 72 bytes).
const (
	MinPasswordLen   = 10
	MaxPasswordBytes = 72
)

// ErrDirectoryAccount refuses setting a password on a directory account:
// the organisation's directory manages it.
var ErrDirectoryAccount = errors.New("the password of a directory account is managed by the directory")

// ErrLastAdmin refuses a change that would leave no active admin.
var ErrLastAdmin = errors.New("the last active admin can be neither demoted nor deactivated")

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// UserInput is the user form as typed.
type UserInput struct {
	Username string
	FullName string
	Email    string
	Role     string
	Password string
}

// PasswordProblem returns why password is not acceptable for username, or
// the zero Message.
func PasswordProblem(username, password string) i18n.Message {
	switch {
	case len([]rune(password)) < MinPasswordLen:
		return i18n.M("validation.password_short", "Min", MinPasswordLen)
	case len(password) > MaxPasswordBytes:
		return i18n.M("validation.password_long", "Max", MaxPasswordBytes)
	case strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(username)):
		return i18n.M("validation.password_username")
	}
	return i18n.Message{}
}

// validateProfile checks name, email and role (the fields an edit changes).
func validateProfile(fe FieldErrors, fullName, email, role string) {
	checkRequiredText(fe, "full_name", i18n.M("user.full_name"), fullName, MaxTextField)
	checkEmail(fe, "email", i18n.M("user.email"), email)
	if !slices.Contains(Roles, role) {
		fe.Add("role", i18n.M("validation.role", "Choices", i18n.OrList{Items: Roles, Prefix: ValuePrefix}))
	}
}

// CreateUser adds an active account, audited as user.created.
func CreateUser(db *gorm.DB, in UserInput, bcryptCost int) (*User, error) {
	in.Username, in.FullName, in.Email = strings.TrimSpace(in.Username), strings.TrimSpace(in.FullName), strings.TrimSpace(in.Email)
	fe := FieldErrors{}
	if !usernameRE.MatchString(in.Username) {
		fe.Add("username", i18n.M("validation.username"))
	} else if _, err := FindUserByUsername(db, in.Username); err == nil {
		fe.Add("username", i18n.M("validation.username_taken", "Username", in.Username))
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	validateProfile(fe, in.FullName, in.Email, in.Role)
	if p := PasswordProblem(in.Username, in.Password); !p.IsZero() {
		fe.Add("password", p)
	}
	if len(fe) > 0 {
		return nil, &ValidationError{Fields: fe}
	}
	hash, err := HashPassword(in.Password, bcryptCost)
	if err != nil {
		return nil, err
	}
	u := &User{Username: in.Username, FullName: in.FullName, Email: in.Email, Role: in.Role, PasswordHash: hash, Active: true}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionUserCreated, userObject(u.ID),
			map[string]any{"username": u.Username, "full_name": u.FullName, "email": u.Email, "role": u.Role})
	})
	if err != nil {
		return nil, fmt.Errorf("models: create user %q: %w", in.Username, err)
	}
	return u, nil
}

// UpdateUserProfile changes a user's full name, email and role, audited as
// user.changed with what changed.
func UpdateUserProfile(db *gorm.DB, id int64, fullName, email, role string) error {
	fullName, email = strings.TrimSpace(fullName), strings.TrimSpace(email)
	fe := FieldErrors{}
	validateProfile(fe, fullName, email, role)
	if len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	return changeUser(db, id, func(u *User) {
		u.FullName, u.Email, u.Role = fullName, email, role
	})
}

// SetUserActive deactivates or reactivates a user. A deactivated user's
// sessions stop working on their next request (the session middleware checks the flag).
func SetUserActive(db *gorm.DB, id int64, active bool) error {
	return changeUser(db, id, func(u *User) { u.Active = active })
}

// changeUser applies change to the user under row locks on every active
// admin, so two concurrent demotions cannot both pass the last-admin check,
// and audits the difference.
func changeUser(db *gorm.DB, id int64, change func(*User)) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var admins []int64
		if err := tx.Model(&User{}).Clauses(clause.Locking{Strength: "UPDATE"}).
			Where("role = ? AND active", RoleAdmin).Order("id").Pluck("id", &admins).Error; err != nil {
			return fmt.Errorf("models: lock admins: %w", err)
		}
		var u User
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&u, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return fmt.Errorf("models: load user %d: %w", id, err)
		}
		before := u
		change(&u)
		wasAdmin := before.Role == RoleAdmin && before.Active
		staysAdmin := u.Role == RoleAdmin && u.Active
		if wasAdmin && !staysAdmin && len(admins) <= 1 {
			return ErrLastAdmin
		}
		changes := userChanges(&before, &u)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.Model(&u).Select("full_name", "email", "role", "active", "updated_at").Updates(&u).Error; err != nil {
			return fmt.Errorf("models: update user %d: %w", id, err)
		}
		return RecordAudit(tx, ActionUserChanged, userObject(u.ID),
			map[string]any{"username": u.Username, "changes": changes})
	})
}

func userChanges(a, b *User) []Change {
	var out []Change
	add := func(field, label, o, n string) {
		if o != n {
			out = append(out, Change{Field: field, Label: label, Old: o, New: n})
		}
	}
	add("full_name", "Full Name", a.FullName, b.FullName)
	add("email", "Email", a.Email, b.Email)
	add("role", "Role", a.Role, b.Role)
	add("active", "Active", yesNo(a.Active), yesNo(b.Active))
	return out
}

// SetPassword gives user id a new password and ends every session that
// logged in before now (the caller re-stamps its own session to keep it).
// how ("changed by the user", "reset by an admin", "set by command") goes
// into the audit row.
func SetPassword(db *gorm.DB, id int64, password string, bcryptCost int, how string) error {
	u, err := FindUserByID(db, id)
	if err != nil {
		return err
	}
	if u.IsDirectory() {
		return ErrDirectoryAccount
	}
	if p := PasswordProblem(u.Username, password); !p.IsZero() {
		return &ValidationError{Fields: FieldErrors{"password": p}}
	}
	hash, err := HashPassword(password, bcryptCost)
	if err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		err := tx.Model(u).UpdateColumns(map[string]any{
			"password_hash": hash, "sessions_revoked_at": tx.NowFunc(), "uses_default_password": false, "updated_at": tx.NowFunc(),
		}).Error
		if err != nil {
			return fmt.Errorf("models: set password of user %d: %w", id, err)
		}
		return RecordAudit(tx, ActionPasswordChanged, userObject(u.ID), map[string]any{"username": u.Username, "how": how})
	})
}

// ListUsers returns every user, admins first, then by username.
func ListUsers(db *gorm.DB) ([]User, error) {
	var users []User
	if err := db.Order("role, lower(username)").Find(&users).Error; err != nil {
		return nil, fmt.Errorf("models: list users: %w", err)
	}
	return users, nil
}

// NoteDefaultPassword records, at login, whether the password the user just
// proved is the initial default one (so databases seeded before the flag
// existed learn it too).
func NoteDefaultPassword(db *gorm.DB, u *User, isDefault bool) error {
	if u.UsesDefaultPassword == isDefault {
		return nil
	}
	return db.Model(u).UpdateColumn("uses_default_password", isDefault).Error
}

// SessionRevoked reports whether a session that logged in at authAt is no
// longer valid because the user's password changed after it.
func (u *User) SessionRevoked(authAt time.Time) bool {
	return u.SessionsRevokedAt != nil && authAt.Before(*u.SessionsRevokedAt)
}

func userObject(id int64) AuditObject {
	return AuditObject{Type: "user", ID: strconv.FormatInt(id, 10)}
}
