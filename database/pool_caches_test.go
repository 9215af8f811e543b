package database_test

import (
	"testing"

	"vmportal/database/testdb"
)

func TestTheMainPoolsStatementCachesAreTrimmed(t *testing.T) {
	c := testdb.Open(t).Pool.Config().ConnConfig
	if c.StatementCacheCapacity != 128 || c.DescriptionCacheCapacity != 0 {
		t.Errorf("statement cache %d, description cache %d; want 128, 0", c.StatementCacheCapacity, c.DescriptionCacheCapacity)
	}
}
