package database_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"vmportal/database/testdb"
)

// TestLimitsAreWrittenIn: LIMIT and OFFSET reach PostgreSQL as numbers,
// not parameters, so a statement without other parameters is planned once
// per connection; the query still returns the right rows.
func TestLimitsAreWrittenIn(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	var ids []int64
	dry := db.Gorm.Session(&gorm.Session{DryRun: true}).Table("(SELECT 1) t").Limit(3).Offset(4).Find(&ids).Statement
	if sql := dry.SQL.String(); !strings.HasSuffix(sql, "LIMIT 3 OFFSET 4") || len(dry.Vars) != 0 {
		t.Errorf("statement %q with %d parameters, want LIMIT 3 OFFSET 4 written in and none", sql, len(dry.Vars))
	}
	if err := db.Gorm.Table("generate_series(1, 10) n").Select("n").Order("n").Limit(3).Offset(4).Find(&ids).Error; err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || ids[0] != 5 || ids[2] != 7 {
		t.Errorf("rows %v, want 5 6 7", ids)
	}
}
