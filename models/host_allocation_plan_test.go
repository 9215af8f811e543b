package models_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"vmportal/models"
)

// A host's allocation is read from vm_requests_host_allocation_idx alone,
// also with one request left out (the detail page, the capacity check):
// an index-only scan, whichever plan the planner would prefer for a test's
// few rows (the other ways to read the table are switched off).
func TestHostAllocationReadsOnlyTheIndex(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	for name, query := range map[string]string{
		"every host": `SELECT a.* FROM virtual_hosts h, LATERAL (` + models.AllocationSQL + `) a`,
		"one request left out": `SELECT a.* FROM virtual_hosts h, LATERAL (` + models.AllocationSQL + ` AND x.id <> 42) a`,
	} {
		var plan []string
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off").Error; err != nil {
				return err
			}
			return tx.Raw("EXPLAIN " + query).Scan(&plan).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(plan, "\n"); !strings.Contains(text, "Index Only Scan using vm_requests_host_allocation_idx") {
			t.Errorf("%s: the allocation is not read from the index alone:\n%s", name, text)
		}
	}
}
