package database

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Least privilege: the schema belongs to one role (the user of
// MIGRATION_DATABASE_URL, which runs init-db) and the app runs as another
// (the user of DATABASE_URL). The runtime role gets what the app does and
// no more, so a compromised app cannot rewrite the trails or the schema:
// it owns no table (only an owner may DISABLE TRIGGER, ALTER or DROP),
// has no CREATE on the schema, and on the append-only tables it may only
// read and insert.

// runtimeTableGrants narrows the default privileges (SELECT, INSERT,
// UPDATE, DELETE) per table. Tables added by later migrations get the
// default on the next init-db; list them here if they need less.
var runtimeTableGrants = map[string]string{
	"audit_log":         "SELECT, INSERT",
	"vm_history":        "SELECT, INSERT",
	"vm_comments":       "SELECT, INSERT",
	"vm_requests":       "SELECT, INSERT, UPDATE",
	"virtual_hosts":     "SELECT, INSERT, UPDATE", // retired, never deleted: old requests still name them
	"schema_migrations": "SELECT",
	"river_migration":   "SELECT", // River's schema version: init-db's business
	"csv_imports":       "SELECT, INSERT, DELETE",
	// Kept by triggers that run as the owner (migration 0022): the app
	// only reads the counts, so it cannot make them disagree with the
	// requests.
	"vm_request_counts_by_owner": "SELECT",
	"vm_request_counts_by_month": "SELECT",
	// Each host's allocation (migration 0029), kept the same way.
	"host_allocations": "SELECT",
	// The name search's index of suffixes (migration 0024), kept the same
	// way.
	"vm_name_suffixes": "SELECT",
	// The suggestions' version (migration 0025), moved by triggers.
	"data_versions": "SELECT",
	// Signing keys (migration 0027): made and replaced by the owner.
	"site_keys": "SELECT",
	// Tokens are revoked (UPDATE), never deleted.
	"api_tokens": "SELECT, INSERT, UPDATE",
}

const defaultTableGrant = "SELECT, INSERT, UPDATE, DELETE"

// GrantRuntime gives the user of runtimeURL the privileges the app needs on
// the database pool is connected to (as the owner), replacing whatever it
// had, in one transaction. It does nothing when that user is the one
// connected, i.e. when a single role does both jobs. init-db calls it at
// the end of every run, so tables of new migrations are covered.
func GrantRuntime(ctx context.Context, pool *pgxpool.Pool, runtimeURL string, log *slog.Logger) error {
	rc, err := pgx.ParseConfig(runtimeURL)
	if err != nil {
		return fmt.Errorf("database: grants: parse DATABASE_URL: %w", err)
	}
	var owner string
	if err := pool.QueryRow(ctx, "SELECT current_user").Scan(&owner); err != nil {
		return fmt.Errorf("database: grants: %w", err)
	}
	if rc.User == owner {
		return nil
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, sql := range grantStatements(pgx.Identifier{rc.User}.Sanitize()) {
			if _, err := tx.Exec(ctx, sql); err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("database: grant runtime role %s: %w", rc.User, err)
	}
	log.Info("granted the runtime role", "role", rc.User, "owner", owner)
	return nil
}

// grantStatements revokes everything from role on the schema's objects,
// then grants back what the app uses.
func grantStatements(role string) []string {
	stmts := []string{
		// PostgreSQL 15 no longer gives PUBLIC CREATE on schema public;
		// databases created by older versions still do.
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"REVOKE ALL ON SCHEMA public FROM " + role,
		"GRANT USAGE ON SCHEMA public TO " + role,
		"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + role,
		"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM " + role,
		"GRANT " + defaultTableGrant + " ON ALL TABLES IN SCHEMA public TO " + role,
		"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role,
	}
	for table, privs := range runtimeTableGrants {
		t := pgx.Identifier{table}.Sanitize()
		stmts = append(stmts,
			"REVOKE ALL ON "+t+" FROM "+role,
			"GRANT "+privs+" ON "+t+" TO "+role)
	}
	return stmts
}
