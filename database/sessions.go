package database

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"gorm.io/gorm"

	"vmportal/models"
)

// StoredSession is a web session as kept in the sessions table, with the
// user it is logged in as, read together in one query.
type StoredSession struct {
	// Data is the session's encoded values (app/web owns their format).
	Data []byte
	// Expires is when the session stops being valid unless written again.
	Expires time.Time
	// UserID is who the session is logged in as, 0 for anonymous.
	UserID int64
	// User is that user, nil for an anonymous session or when the account
	// no longer exists.
	User *models.User
	// PasswordWarning: User is an admin and some active admin account
	// still has the initial password.
	PasswordWarning bool
	// SuggestionsVersion is the forms' suggestions' version (migration
	// 0025): while it stays the same, so do they (models.SuggestionCache).
	SuggestionsVersion int64
}

// SessionStore reads and writes web sessions. A page view costs one read
// (session and user joined); writes happen only when the session changed
// or its expiry needs extending, and go through the stores' pool, which
// commits without waiting for the WAL flush (see OpenStores).
type SessionStore struct {
	db   *gorm.DB
	pool *pgxpool.Pool
}

// NewSessionStore reads sessions through db (the main pool, where the
// users are read too) and writes them through stores' pool.
func NewSessionStore(db *gorm.DB, stores *Stores) *SessionStore {
	return &SessionStore{db: db, pool: stores.pool}
}

// sessionRow is the joined row: the session's columns, then the user's
// (all NULL when no user is joined, which GORM scans as zero values).
type sessionRow struct {
	SessionData    []byte
	SessionExpires int64
	SessionUserID  *int64
	models.User
	DefaultPasswordWarning bool
	SuggestionsVersion     int64
}

// Load returns the unexpired session with id, or nil when there is none.
func (s *SessionStore) Load(ctx context.Context, id string) (*StoredSession, error) {
	rows, err := models.ScanAll[sessionRow](s.db.WithContext(ctx).Raw(`SELECT s.v AS session_data, s.e AS session_expires, s.user_id AS session_user_id, u.*,
			coalesce(u.role = ? AND EXISTS (
				SELECT 1 FROM users a WHERE a.role = ? AND a.active AND a.uses_default_password
			), false) AS default_password_warning,
			(SELECT version FROM data_versions WHERE name = 'suggestions') AS suggestions_version
		FROM sessions s LEFT JOIN users u ON u.id = s.user_id
		WHERE s.k = ? AND s.e > ?`, models.RoleAdmin, models.RoleAdmin, id, time.Now().Unix()))
	if err != nil {
		return nil, fmt.Errorf("database: load session: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	r := rows[0]
	st := &StoredSession{Data: r.SessionData, Expires: time.Unix(r.SessionExpires, 0), PasswordWarning: r.DefaultPasswordWarning,
		SuggestionsVersion: r.SuggestionsVersion}
	if r.SessionUserID != nil {
		st.UserID = *r.SessionUserID
	}
	if r.User.ID != 0 {
		u := r.User
		st.User = &u
	}
	return st, nil
}

// Save writes the session id with data, logged in as userID (0 for none),
// valid until expires. replaces, when not empty, is the id the session had
// before (regenerated at login and logout): it is deleted in the same
// statement, so the old id stops working exactly when the new one starts.
func (s *SessionStore) Save(ctx context.Context, id, replaces string, userID int64, data []byte, expires time.Time) error {
	var uid *int64
	if userID != 0 {
		uid = &userID
	}
	_, err := s.pool.Exec(ctx, `WITH gone AS (DELETE FROM sessions WHERE k = $1 AND $1 <> '')
		INSERT INTO sessions (k, v, e, user_id) VALUES ($2, $3, $4, $5)
		ON CONFLICT (k) DO UPDATE SET v = excluded.v, e = excluded.e, user_id = excluded.user_id`,
		replaces, id, data, expires.Unix(), uid)
	if err != nil {
		return fmt.Errorf("database: save session: %w", err)
	}
	return nil
}

// Delete removes the session id.
func (s *SessionStore) Delete(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE k = $1`, id); err != nil {
		return fmt.Errorf("database: delete session: %w", err)
	}
	return nil
}
