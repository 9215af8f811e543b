package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"vmportal/app/directory"
)

// ErrDirectoryUnavailable refuses a directory login because the directory
// did not answer; local accounts are not affected.
var ErrDirectoryUnavailable = errors.New("the directory is not answering")

// Login is the login use case (SPEC §2, §12) with what it needs, built once
// at start-up by NewLogin.
type Login struct {
	Throttle LoginThrottle
	// Directory checks the accounts that are not local; nil when directory
	// login is off.
	Directory *directory.Client
	// DefaultAdminPassword is the seeded admin's initial password: a login
	// with it keeps the "change the default password" banner up.
	DefaultAdminPassword string
	dummy                []byte
	// perAccount serialises the checks of one account in this process, so
	// simultaneous guesses are each counted before the next is checked.
	perAccount keyedMutex
}

// NewLogin prepares the login use case. The dummy hash compared for
// unknown names is made here, once, at bcryptCost.
func NewLogin(bcryptCost int, throttle LoginThrottle, dir *directory.Client, defaultAdminPassword string) *Login {
	return &Login{Throttle: throttle, Directory: dir, DefaultAdminPassword: defaultAdminPassword, dummy: dummyHash(bcryptCost)}
}

// attempt is one login being decided.
type attempt struct {
	username, password string
	user               *User               // the portal account, nil before a first directory login
	identity           *directory.Identity // set when the directory vouched
}

// LogIn decides a login by username and password from the actor carried by
// db's context (its IP is the throttle's address), and returns the user.
// It refuses with *ThrottledError (audited once per window and key),
// ErrBadCredentials (counted by the throttle, audited with the reason) or
// ErrDirectoryUnavailable (audited). On success the user's last login, the
// directory's name, email and role, and the audit row are committed
// together before LogIn returns, so a caller that then binds the session
// never leaves a login without its record.
func (l *Login) LogIn(db *gorm.DB, username, password string) (*User, error) {
	keys := l.Throttle.keys(username, ActorFrom(db.Statement.Context).IP)
	defer l.perAccount.lock(keys[0].key)()
	if terr, first, err := l.Throttle.refused(db, keys); err != nil {
		return nil, err
	} else if terr != nil {
		if first {
			if err := auditFailedLogin(db, ActionLoginFailed, username, "throttled"); err != nil {
				return nil, err
			}
		}
		return nil, terr
	}
	a := &attempt{username: strings.TrimSpace(username), password: password}
	reason, err := l.check(db, a)
	switch {
	case errors.Is(err, ErrBadCredentials):
		if err := l.Throttle.failed(db, keys); err != nil {
			return nil, err
		}
		return nil, refusal(auditFailedLogin(db, ActionLoginFailed, username, reason), err)
	case errors.Is(err, ErrDirectoryUnavailable):
		return nil, refusal(auditFailedLogin(db, ActionLoginFailed, username, reason), err)
	case err != nil:
		return nil, err
	}
	if err := l.commit(db, a); err != nil {
		return nil, err
	}
	return a.user, nil
}

// check proves the password: locally for a local account (always, so a
// directory outage never locks the local admin out), else with the
// directory when directory login is on. It returns the reason of a refusal
// for the audit trail.
func (l *Login) check(db *gorm.DB, a *attempt) (string, error) {
	u, err := findLoginUser(db, a.username)
	if err != nil {
		return "", err
	}
	a.user = u
	if l.Directory == nil || (u != nil && !u.IsDirectory()) {
		return checkLocal(u, a.password, l.dummy)
	}
	if !usernameRE.MatchString(a.username) {
		// Could never become a portal user; the directory is not asked.
		return "username not valid in the portal", ErrBadCredentials
	}
	id, err := l.Directory.Authenticate(db.Statement.Context, a.username, a.password)
	var unavailable *directory.UnavailableError
	switch {
	case errors.As(err, &unavailable):
		return unavailable.Error(), ErrDirectoryUnavailable
	case err != nil:
		return err.Error(), ErrBadCredentials
	case u != nil && !u.Active:
		return "account deactivated", ErrBadCredentials
	}
	if problem := directoryProfileProblem(id); problem != "" {
		return problem, ErrBadCredentials
	}
	a.identity = id
	return "", nil
}

// commit records the login in one transaction: the directory's profile
// (creating the account at the first directory login), the last login time,
// the default-password flag and the audit row.
func (l *Login) commit(db *gorm.DB, a *attempt) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		// The rows are written as the person now logging in.
		ctx := tx.Statement.Context
		actor := ActorFrom(ctx)
		actor.Username = a.username
		action, details := ActionLogin, map[string]any(nil)
		if a.identity != nil {
			u, changes, err := syncDirectoryUser(tx.WithContext(WithActor(ctx, actor)), a.username, a.identity)
			if err != nil {
				return err
			}
			a.user, action, details = u, ActionLoginDirectory, map[string]any{"dn": a.identity.DN}
			if len(changes) > 0 {
				details["changes"] = changes
			}
		}
		actor.UserID, actor.Username = a.user.ID, a.user.Username
		tx = tx.WithContext(WithActor(ctx, actor))
		if err := TouchLastLogin(tx, a.user.ID); err != nil {
			return err
		}
		if !a.user.IsDirectory() && strings.EqualFold(a.user.Username, "admin") {
			// Only at login is the plain password at hand to tell whether
			// the seeded default is still in use.
			if err := NoteDefaultPassword(tx, a.user, a.password == l.DefaultAdminPassword); err != nil {
				return err
			}
		}
		return RecordAudit(tx, action, userObject(a.user.ID), details)
	})
	if err != nil {
		return fmt.Errorf("models: log in %q: %w", a.username, err)
	}
	return nil
}

// auditFailedLogin records a refused login (or password check) by
// username, who is not logged in as anyone.
func auditFailedLogin(db *gorm.DB, action, username, reason string) error {
	ctx := db.Statement.Context
	actor := ActorFrom(ctx)
	actor.Username = username
	return RecordAudit(db.WithContext(WithActor(ctx, actor)), action, AuditObject{Type: "user"},
		map[string]any{"username": username, "reason": reason})
}

// CheckCurrentPassword checks the password u typed to prove it is them
// before changing it. It is throttled and audited like a login: the
// failures count against the same per-account allowance as failed logins
// (a guess is a guess, whichever form it comes through), so a hijacked
// session cannot be used to guess the password without limit. Errors:
// *ThrottledError, ErrBadCredentials.
func (l *Login) CheckCurrentPassword(db *gorm.DB, u *User, password string) error {
	keys := l.Throttle.keys(u.Username, "")
	defer l.perAccount.lock(keys[0].key)()
	if terr, first, err := l.Throttle.refused(db, keys); err != nil {
		return err
	} else if terr != nil {
		if first {
			if err := auditFailedLogin(db, ActionPasswordCheckFailed, u.Username, "throttled"); err != nil {
				return err
			}
		}
		return terr
	}
	if u.CheckPassword(password) {
		return nil
	}
	if err := l.Throttle.failed(db, keys); err != nil {
		return err
	}
	return refusal(auditFailedLogin(db, ActionPasswordCheckFailed, u.Username, "wrong current password"), ErrBadCredentials)
}

// refusal returns the refusal once its audit row is written, or the
// failure to write it: a refusal that could not be recorded is an error
// (503 when the database is down), never a plain "wrong password".
func refusal(auditErr, refused error) error {
	if auditErr != nil {
		return auditErr
	}
	return refused
}
