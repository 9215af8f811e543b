package models_test

import (
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"vmportal/models"
)

// bookkeeping are the vm_requests columns that are not described fields:
// identity, ownership, the decision, locking and timestamps, and the
// search column the database derives from vm_name.
var bookkeeping = []string{
	"id", "created_by_id", "updated_by_id", "decided_by_id", "decided_at", "version", "created_at", "updated_at",
	"vm_name_lower", "approvals_required",
}

// TestEveryColumnIsDescribed fails when a column of vm_requests is neither
// a described field nor bookkeeping (a field added to the schema but not to
// RequestFields would be silently left out of forms, history and lists),
// and when a described field has no column (described but not stored).
func TestEveryColumnIsDescribed(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	var columns []string
	err := db.Raw(`SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'vm_requests'`).Scan(&columns).Error
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range columns {
		if models.FieldByKey(c) == nil && !slices.Contains(bookkeeping, c) {
			t.Errorf("column vm_requests.%s is not described in models.RequestFields", c)
		}
	}
	for _, f := range models.RequestFields {
		stored := slices.Contains(columns, f.Key)
		if f.Kind == models.KindList {
			stored = !stored // rows of their own table, not a column
		}
		if !stored {
			t.Errorf("described field %s has no column in vm_requests", f.Key)
		}
	}
}

// TestEveryStructColumnIsDescribed fails when VMRequest gains a column
// that RequestFields does not describe.
func TestEveryStructColumnIsDescribed(t *testing.T) {
	t.Parallel()
	s, err := schema.Parse(&models.VMRequest{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range s.Fields {
		if f.DBName != "" && models.FieldByKey(f.DBName) == nil && !slices.Contains(bookkeeping, f.DBName) {
			t.Errorf("VMRequest.%s (column %s) is not described in models.RequestFields", f.Name, f.DBName)
		}
	}
}
