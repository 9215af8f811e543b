package database

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"gorm.io/gorm"

	"vmportal/config"
	"vmportal/models"
)

// AdminUsername is the account the first init-db creates.
const AdminUsername = "admin"

// InitDB brings the database to the current schema and seeds the admin
// account with adminPassword if no user named admin exists yet. Running it
// again changes nothing.
func InitDB(ctx context.Context, db *DB, adminPassword string, bcryptCost int, log *slog.Logger) error {
	migrations, err := Migrations()
	if err != nil {
		return err
	}
	if _, err := Migrate(ctx, db.Pool, migrations, log); err != nil {
		return err
	}
	if err := MigrateRiver(ctx, db.Pool, log); err != nil {
		return err
	}
	created, err := SeedAdmin(ctx, db.Gorm, adminPassword, bcryptCost)
	if err != nil {
		return err
	}
	if created {
		log.Info("created the admin account", "username", AdminUsername)
	}
	return nil
}

// SeedAdmin creates the admin account unless one exists, and audits it.
// The insert relies on the unique index on lower(username), so concurrent
// runs create it at most once.
func SeedAdmin(ctx context.Context, gdb *gorm.DB, password string, bcryptCost int) (bool, error) {
	var exists bool
	if err := gdb.WithContext(ctx).Raw(
		"SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = ?)", AdminUsername,
	).Scan(&exists).Error; err != nil {
		return false, fmt.Errorf("database: seed admin: %w", err)
	}
	if exists {
		return false, nil
	}
	hash, err := models.HashPassword(password, bcryptCost)
	if err != nil {
		return false, err
	}
	ctx = models.WithActor(ctx, models.SystemActor)
	var id int64
	err = gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Raw(`INSERT INTO users (username, full_name, email, password_hash, role, uses_default_password)
			VALUES (?, 'Administrator', 'admin@vmportal.local', ?, ?, ?)
			ON CONFLICT (lower(username)) DO NOTHING RETURNING id`,
			AdminUsername, hash, models.RoleAdmin, password == config.DefaultAdminPassword).Scan(&id).Error; err != nil {
			return err
		}
		if id == 0 {
			return nil // created meanwhile by a concurrent run
		}
		return models.RecordAudit(tx, models.ActionUserCreated,
			models.AuditObject{Type: "user", ID: strconv.FormatInt(id, 10)},
			map[string]any{"username": AdminUsername, "role": models.RoleAdmin, "via": "init-db"})
	})
	if err != nil {
		return false, fmt.Errorf("database: seed admin: %w", err)
	}
	return id != 0, nil
}

// RunInitDB is the init-db command: connect as the schema's owner
// (MIGRATION_DATABASE_URL, else DATABASE_URL; waiting up to a minute for a
// server that is still starting), migrate, seed, and grant the runtime
// role (DATABASE_URL's user) what the app needs.
func RunInitDB(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	url := cfg.MigrationDatabaseURL
	if url == "" {
		url = cfg.DatabaseURL
	}
	db, err := OpenReady(ctx, url, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := InitDB(ctx, db, cfg.AdminPassword, cfg.BcryptCost, log); err != nil {
		return err
	}
	if err := GrantRuntime(ctx, db.Pool, cfg.DatabaseURL, log); err != nil {
		return err
	}
	log.Info("database is up to date")
	return nil
}
