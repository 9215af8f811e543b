package database_test

import (
	"context"
	"strings"
	"testing"

	"vmportal/database"
	"vmportal/database/testdb"
)

// TestSiteKeyMissingNamesInitDB: a database without the key (init-db not
// run) is an error naming the cure, not an empty key to sign with.
func TestSiteKeyMissingNamesInitDB(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `DELETE FROM site_keys`); err != nil {
		t.Fatal(err)
	}
	key, err := database.SiteKey(ctx, db.Gorm, "anonymous_sessions")
	if err == nil || key != nil || !strings.Contains(err.Error(), "run init-db") {
		t.Fatalf("key %x, err %v: want an error saying to run init-db", key, err)
	}
}
