package database

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// seedProgress reports how far SeedDemo got: a bar redrawn in place on a
// terminal, else a line per batch (logs, CI).
type seedProgress struct {
	mu      sync.Mutex // the workers report concurrently
	w       io.Writer
	tty     bool
	total   int
	done    int
	rows    int64
	started time.Time
}

func newSeedProgress(w io.Writer, total int) *seedProgress {
	if w == nil {
		w = io.Discard
	}
	return &seedProgress{w: w, tty: isTerminal(w), total: total, started: time.Now()}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *seedProgress) step(requests int, rows int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += requests
	p.rows += rows
	rate := float64(p.rows) / max(time.Since(p.started).Seconds(), 1e-9)
	pct := 100 * p.done / p.total
	if !p.tty {
		fmt.Fprintf(p.w, "seed-demo: %d/%d requests (%d%%), %d rows, %.0f rows/s\n", p.done, p.total, pct, p.rows, rate)
		return
	}
	const width = 30
	bar := strings.Repeat("#", width*p.done/p.total) + strings.Repeat(".", width-width*p.done/p.total)
	fmt.Fprintf(p.w, "\rseed-demo [%s] %3d%%  %d/%d requests  %d rows  %.0f rows/s ", bar, pct, p.done, p.total, p.rows, rate)
}

func (p *seedProgress) finish() {
	secs := time.Since(p.started).Seconds()
	if p.tty {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "seed-demo: added %d requests (%d rows with VLANs, history and suggestions) in %.1f s, %.0f rows/s\n",
		p.done, p.rows, secs, float64(p.rows)/max(secs, 1e-9))
}
