package database_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"vmportal/database/testdb"
)

// TestLimitsAreWrittenIn: LIMIT reaches PostgreSQL as a number, not a
// parameter, so a statement without other parameters is planned once per
// connection; OFFSET stays a parameter, so each page number is not a
// statement of its own; the query still returns the right rows.
func TestLimitsAreWrittenIn(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	var ids []int64
	dry := db.Gorm.Session(&gorm.Session{DryRun: true}).Table("(SELECT 1) t").Limit(3).Offset(4).Find(&ids).Statement
	if sql := dry.SQL.String(); !strings.HasSuffix(sql, "LIMIT 3 OFFSET $1") || len(dry.Vars) != 1 {
		t.Errorf("statement %q with %d parameters, want LIMIT 3 written in and the offset as $1", sql, len(dry.Vars))
	}
	if err := db.Gorm.Table("generate_series(1, 10) n").Select("n").Order("n").Limit(3).Offset(4).Find(&ids).Error; err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || ids[0] != 5 || ids[2] != 7 {
		t.Errorf("rows %v, want 5 6 7", ids)
	}
}
