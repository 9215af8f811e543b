package apptest

import (
	"sync/atomic"

	"gorm.io/gorm"
)

// statementCounter counts the statements GORM sends on one Env's database.
type statementCounter struct {
	n atomic.Int64
}

// CountStatements returns how many SQL statements went through the main
// database pool (GORM) while fn ran: session and user reads, page queries,
// writes. Session writes go through the stores' own pool and are not
// counted here (a test sees them in the sessions row's xmin). Statements
// of anything else running on e meanwhile count too.
func (e *Env) CountStatements(fn func()) int {
	e.T.Helper()
	e.countOnce.Do(func() {
		e.counter = &statementCounter{}
		count := func(tx *gorm.DB) {
			// GORM builds subqueries by running the callbacks dry.
			if !tx.DryRun {
				e.counter.n.Add(1)
			}
		}
		cb := e.DB.Gorm.Callback()
		for _, err := range []error{
			cb.Query().After("gorm:query").Register("apptest:count", count),
			cb.Row().After("gorm:row").Register("apptest:count", count),
			cb.Raw().After("gorm:raw").Register("apptest:count", count),
			cb.Create().After("gorm:create").Register("apptest:count", count),
			cb.Update().After("gorm:update").Register("apptest:count", count),
			cb.Delete().After("gorm:delete").Register("apptest:count", count),
		} {
			if err != nil {
				e.T.Fatalf("apptest: count statements: %v", err)
			}
		}
	})
	before := e.counter.n.Load()
	fn()
	return int(e.counter.n.Load() - before)
}
