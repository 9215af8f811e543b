//go:build bench

package app_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"
)

// exportHeapLimit fails the bench when an export grows the heap by more:
// holding the rows instead of streaming them takes about 1 KB per request,
// so a regression shows at 100,000 requests already.
const exportHeapLimit = 64 << 20

// exportResult is what one CSV export measured.
type exportResult struct {
	name      string
	rows      int
	bytes     int64
	elapsed   time.Duration
	peakHeap  uint64 // peak HeapInuse during the export, above the heap before it
	heapAfter uint64 // HeapInuse after the export and a GC, above the heap before it
}

// benchExports downloads /vms.csv whole (every request) and filtered (a
// name search matching about 1 request in 100), measuring the process's heap (server and client are this
// one process) while the file streams: the peak must not depend on the
// number of rows.
func benchExports(t *testing.T, base string, c *http.Client) []exportResult {
	t.Helper()
	var results []exportResult
	for _, e := range []struct{ name, path string }{
		{"export, name search", "/vms.csv?q=" + url.QueryEscape(benchClustered)}, // ~1,000 rows per 100,000
		{"export, every request", "/vms.csv"},
	} {
		results = append(results, measureExport(t, c, e.name, base+e.path))
	}
	for _, r := range results {
		if r.peakHeap > exportHeapLimit {
			t.Errorf("%s: heap grew by %s for %d rows: the export does not stream", r.name, mib(r.peakHeap), r.rows)
		}
	}
	return results
}

// measureExport downloads url, counting its CSV records, while sampling
// the heap every 10 ms.
func measureExport(t *testing.T, c *http.Client, name, url string) exportResult {
	t.Helper()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	started := time.Now()
	rows, n, err := downloadCSV(c, url)
	elapsed := time.Since(started)
	close(stop)
	<-sampled
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return exportResult{name: name, rows: rows, bytes: n, elapsed: elapsed,
		peakHeap: above(peak.Load(), before.HeapInuse), heapAfter: above(after.HeapInuse, before.HeapInuse)}
}

// downloadCSV reads the CSV at url record by record (as a consumer that
// streams would) and returns its data rows and bytes.
func downloadCSV(c *http.Client, url string) (rows int, n int64, err error) {
	res, err := c.Get(url)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET %s: status %d", url, res.StatusCode)
	}
	counted := &countingReader{r: res.Body}
	r := csv.NewReader(counted)
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, fmt.Errorf("GET %s: record %d: %w", url, rows, err)
		}
		if rec[0] == "export-error" {
			return 0, 0, fmt.Errorf("GET %s: %s", url, strings.Join(rec, ": "))
		}
		rows++
	}
	return rows - 1, counted.n, nil // the header is not a row
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func above(v, base uint64) uint64 {
	if v < base {
		return 0
	}
	return v - base
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// exportTable formats the export results as a Markdown table.
func exportTable(results []exportResult) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 1, ' ', 0)
	fmt.Fprintln(w, "| export\t| rows\t| size\t| time\t| rows/s\t| peak heap growth\t| heap after\t|")
	fmt.Fprintln(w, "|---\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s\t| %d\t| %s\t| %.1f s\t| %.0f\t| %s\t| %s\t|\n", r.name, r.rows, mib(uint64(r.bytes)),
			r.elapsed.Seconds(), float64(r.rows)/r.elapsed.Seconds(), mib(r.peakHeap), mib(r.heapAfter))
	}
	_ = w.Flush()
	return b.String()
}
