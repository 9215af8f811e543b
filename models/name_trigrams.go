package models

import (
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
)

// The trigram walk of the name search (see searchRequests) walks the
// requests whose names hold the term's rarest trigram. Which trigram is
// rarest comes from the statistics ANALYZE keeps on the suffix entries'
// trigram column: the hundred or so most common trigrams with their
// shares of the entries. An SQL function used to read them on every
// walk, 0.6–1.3 ms of PostgreSQL's time for a statement that itself runs
// in 0.1–0.3 ms; they change only when the table is analyzed again, so
// they are read once and kept for trigramStatsMaxAge.

// trigramStatsMaxAge is how long the trigram statistics are kept before
// they are read again. Autovacuum analyzes the suffix entries after a
// tenth of them changed; a minute-old reading can only pick a slower
// plan, never a wrong page.
const trigramStatsMaxAge = time.Minute

// trigramStats are one database's most common trigrams, each with its
// share of the suffix entries.
type trigramStats map[string]float64

// rarest returns the trigram of term (lower case, at least three
// characters) with the fewest entries: one not among the most common is
// rarer than all that are, and ties go to the earlier one.
func (s trigramStats) rarest(term string) string {
	runes := []rune(term)
	trigram, lowest := "", 2.0 // above any share
	for i := 0; i+3 <= len(runes); i++ {
		t := string(runes[i : i+3])
		if f := s[t]; f < lowest {
			trigram, lowest = t, f
		}
	}
	return trigram
}

// trigramStatsCache keeps one database's statistics and when they were
// read.
type trigramStatsCache struct {
	mu    sync.Mutex
	stats trigramStats
	read  time.Time
}

// trigramStatsByDB keeps one cache per opened database, by its dialector:
// gorm.Open makes it once and every session of that database shares it
// (a session copies the *gorm.Config).
var trigramStatsByDB sync.Map // gorm.Dialector → *trigramStatsCache

// readTrigramStats returns db's trigram statistics, read again when
// older than trigramStatsMaxAge. The requests that find them stale wait
// for one reading (about a millisecond) rather than each sending their
// own.
func readTrigramStats(db *gorm.DB) (trigramStats, error) {
	v, ok := trigramStatsByDB.Load(db.Dialector)
	if !ok { // LoadOrStore alone would allocate a cache on every search
		v, _ = trigramStatsByDB.LoadOrStore(db.Dialector, new(trigramStatsCache))
	}
	c := v.(*trigramStatsCache)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.read.IsZero() && time.Since(c.read) < trigramStatsMaxAge {
		return c.stats, nil
	}
	// No row before the first ANALYZE: every trigram counts as rare.
	var rows []struct {
		Trigram string
		Freq    float64
	}
	err := db.Raw(`SELECT m.trigram, m.freq FROM pg_stats,
			unnest(most_common_vals::text::text[], most_common_freqs) AS m(trigram, freq)
		WHERE schemaname = current_schema() AND tablename = 'vm_name_suffixes' AND attname = 'trigram'`).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: read trigram statistics: %w", err)
	}
	stats := make(trigramStats, len(rows))
	for _, r := range rows {
		stats[r.Trigram] = r.Freq
	}
	c.stats, c.read = stats, time.Now()
	return stats, nil
}
