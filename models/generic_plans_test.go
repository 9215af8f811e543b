package models_test

import (
	"testing"

	"gorm.io/gorm"

	"vmportal/database/testdb"
	"vmportal/models"
)

// TestGenericPlansOnlyWhereAsked: statements sent through
// WithGenericPlans run in sessions that keep generic plans; the handle
// it was given does not, and neither does a transaction, which keeps its
// own connection.
func TestGenericPlansOnlyWhereAsked(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t).Gorm
	setting := func(tx *gorm.DB, name string) string {
		t.Helper()
		var m string
		if err := tx.Raw("SELECT current_setting(?)", name).Row().Scan(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	mode := func(tx *gorm.DB) string { return setting(tx, "plan_cache_mode") }
	generic := models.WithGenericPlans(db)
	if got := mode(generic); got != "force_generic_plan" {
		t.Errorf("through WithGenericPlans: plan_cache_mode %q", got)
	}
	if got := setting(generic, "enable_hashagg"); got != "off" {
		t.Errorf("through WithGenericPlans: enable_hashagg %q, want off (the search's ids sorted, not hashed)", got)
	}
	if got := mode(db); got != "auto" {
		t.Errorf("the handle given, afterwards: plan_cache_mode %q, want auto", got)
	}
	if got := setting(db, "enable_hashagg"); got != "on" {
		t.Errorf("the handle given: enable_hashagg %q, want on", got)
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if got := mode(models.WithGenericPlans(tx)); got != "auto" {
			t.Errorf("in a transaction: plan_cache_mode %q, want auto (the transaction's connection)", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	plain := &gorm.DB{Config: &gorm.Config{}} // no pool registered: the handle itself
	if models.WithGenericPlans(plain) != plain {
		t.Error("without a registered pool, WithGenericPlans did not return its handle")
	}
}
