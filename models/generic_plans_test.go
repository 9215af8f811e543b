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
	mode := func(tx *gorm.DB) string {
		t.Helper()
		var m string
		if err := tx.Raw("SHOW plan_cache_mode").Row().Scan(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	generic := models.WithGenericPlans(db)
	if got := mode(generic); got != "force_generic_plan" {
		t.Errorf("through WithGenericPlans: plan_cache_mode %q", got)
	}
	if got := mode(db); got != "auto" {
		t.Errorf("the handle given, afterwards: plan_cache_mode %q, want auto", got)
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
