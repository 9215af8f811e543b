package database

import "github.com/jackc/pgx/v5/pgxpool"

// GenericPool is d's pool of generic plans, for its tests.
func GenericPool(d *DB) *pgxpool.Pool { return d.generic }
