package models_test

import (
	"context"
	"testing"

	"vmportal/database/testdb"
	"vmportal/models"
)

// TestRarestTrigramFollowsTheStatistics: the trigram walk walks, of a
// term's trigrams, the one with the fewest suffix entries by the
// statistics ANALYZE keeps, before them a trigram no entry starts with,
// the earliest without statistics, and none for a term shorter than
// three characters. The statistics are read once a minute.
func TestRarestTrigramFollowsTheStatistics(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	ctx := context.Background()
	rarest := func(term string) string {
		t.Helper()
		trigram, err := models.RarestTrigram(db.Gorm, term, true)
		if err != nil {
			t.Fatal(err)
		}
		return trigram
	}
	// Entries straight into the suffix table (no request needs them for
	// this): 20,000 start with "abc", 5,000 with "bcd", 5,000 with "wxy"
	// and 20,000 with "xyz".
	if _, err := db.Pool.Exec(ctx, `INSERT INTO vm_name_suffixes (suffix, request_id)
		SELECT t || i, i FROM (VALUES ('abc', 20000), ('bcd', 5000), ('wxy', 5000), ('xyz', 20000)) v(t, n),
			generate_series(1, n) i`); err != nil {
		t.Fatal(err)
	}
	if got := rarest("abcd"); got != "abc" {
		t.Errorf("abcd before ANALYZE: %s, want the first trigram, abc", got)
	}
	if _, err := db.Pool.Exec(ctx, "ANALYZE vm_name_suffixes"); err != nil {
		t.Fatal(err)
	}
	// The statistics read before ANALYZE are kept, for every session of
	// the database.
	if got, err := models.RarestTrigram(db.Gorm.WithContext(ctx), "abcd", false); err != nil || got != "abc" {
		t.Errorf("abcd within a minute of the first reading: %s (%v), want abc as read then", got, err)
	}
	for term, want := range map[string]string{
		"abcd": "bcd", // 5,000 entries against 20,000
		"wxyz": "wxy",
		"abcq": "bcq", // no entry starts with bcq
		"añbc": "añb", // characters, not bytes
		"ab":   "",
	} {
		if got := rarest(term); got != want {
			t.Errorf("%s: %q, want %q", term, got, want)
		}
	}
}
