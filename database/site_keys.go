package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// SiteKey returns the signing key called name (migration 0027), the same
// for every instance on the database.
func SiteKey(ctx context.Context, db *gorm.DB, name string) ([]byte, error) {
	var key []byte
	err := db.WithContext(ctx).Raw(`SELECT key FROM site_keys WHERE name = ?`, name).Row().Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("database: site key %q missing: run init-db", name)
	}
	if err != nil {
		return nil, fmt.Errorf("database: site key %q: %w", name, err)
	}
	return key, nil
}
