package models

import (
	"context"

	"gorm.io/gorm"
)

// Generic plans for the name search's statements.
//
// PostgreSQL plans a prepared statement for its parameters on each of
// its first five runs, then keeps one generic plan if that looks no
// costlier. For the name search's statements it never does: without the
// term, the planner guesses that a range of the suffix index holds 0.5%
// of it, thousands of entries, where a real term has a few dozen or
// hundred. So each search was planned again on every run: 0.2 ms for the
// suffix count and 0.7–0.9 ms for the page's statement, more than
// running it, at 100,000 requests. Those statements are sent through a
// pool whose sessions keep the generic plan (plan_cache_mode =
// force_generic_plan), registered by database.Open. The same sessions
// turn hash aggregation off (enable_hashagg): guessing thousands of
// entries, the generic plan would otherwise make the matches' ids
// distinct with a hash before sorting them, slower for every term than
// the one plan left, a sort that drops repeats.

// genericPlansName names the plugin in GORM's registry.
const genericPlansName = "vmportal:generic_plans"

// genericPlans is the GORM plugin that carries the pool.
type genericPlans struct{ pool gorm.ConnPool }

// Name is the plugin's key in GORM's registry.
func (genericPlans) Name() string { return genericPlansName }

// Initialize does nothing: the pool is only looked up.
func (genericPlans) Initialize(*gorm.DB) error { return nil }

// UseGenericPlans registers pool, whose sessions keep generic plans, for
// the statements this package sends through withGenericPlans.
func UseGenericPlans(db *gorm.DB, pool gorm.ConnPool) error {
	return db.Use(genericPlans{pool: pool})
}

// withGenericPlans returns db sending its statements through the pool of
// UseGenericPlans; db itself when none is registered or db is in a
// transaction (whose connection it must keep). Only statements whose
// every plan is the same one belong there: see above.
func withGenericPlans(db *gorm.DB) *gorm.DB {
	p, ok := db.Config.Plugins[genericPlansName].(genericPlans)
	if !ok {
		return db
	}
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx {
		return db
	}
	ctx := db.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	tx := db.WithContext(ctx) // a statement of its own, so db keeps its pool
	tx.Statement.ConnPool = p.pool
	return tx
}
