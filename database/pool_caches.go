package database

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgxDefaultCacheCapacity is pgx's size for both of a connection's
// statement caches when the connection string names none.
const pgxDefaultCacheCapacity = 512

// statementCacheCapacity is how many prepared statements a connection
// keeps. The portal sends a few dozen distinct statements (a list's
// filters and sort each make one), and pgx makes each cache's map at its
// full size up front: at 512, the two caches were 54 KiB a connection,
// a quarter of the process's live heap with 26 connections open, which
// the collector scans in every cycle.
const statementCacheCapacity = 128

// trimStatementCaches sizes cfg's statement caches to what the portal
// uses, unless the connection string set them to another size than
// pgx's (statement_cache_capacity, description_cache_capacity). The
// description cache serves only the cache_describe mode, so under the
// default mode, which prepares and keeps statements, it is not made at
// all.
func trimStatementCaches(cfg *pgxpool.Config) {
	c := cfg.ConnConfig
	if c.StatementCacheCapacity == pgxDefaultCacheCapacity {
		c.StatementCacheCapacity = statementCacheCapacity
	}
	if c.DescriptionCacheCapacity == pgxDefaultCacheCapacity && c.DefaultQueryExecMode == pgx.QueryExecModeCacheStatement {
		c.DescriptionCacheCapacity = 0
	}
}
