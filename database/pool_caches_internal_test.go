package database

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

func TestStatementCachesAreTrimmedUnlessTheURLSizesThem(t *testing.T) {
	const base = "postgres://u:p@127.0.0.1:5432/db"
	for _, tc := range []struct {
		query             string
		statements, descs int
	}{
		{"", statementCacheCapacity, 0},
		{"?statement_cache_capacity=300", 300, 0},
		{"?description_cache_capacity=64", statementCacheCapacity, 64},
		// cache_describe uses the description cache, not the statement one.
		{"?default_query_exec_mode=cache_describe", statementCacheCapacity, pgxDefaultCacheCapacity},
	} {
		cfg, err := pgxpool.ParseConfig(base + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		trimStatementCaches(cfg)
		c := cfg.ConnConfig
		if c.StatementCacheCapacity != tc.statements || c.DescriptionCacheCapacity != tc.descs {
			t.Errorf("%q: statement cache %d, description cache %d; want %d, %d",
				tc.query, c.StatementCacheCapacity, c.DescriptionCacheCapacity, tc.statements, tc.descs)
		}
	}
}
