package notify

import (
	"time"

	"github.com/riverqueue/river/rivertype"
)

// Backoff is the retry schedule of failed jobs: the first retry after
// Base, each next one after twice as long, at most Max apart.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

// DefaultBackoff retries after 30 s, 1 min, 2 min, … then hourly.
var DefaultBackoff = Backoff{Base: 30 * time.Second, Max: time.Hour}

// retryWindow is how long a job keeps being retried before River gives it
// up (discards it): an SMTP or webhook outage of a day loses nothing.
const retryWindow = 25 * time.Hour

// delay is the wait after the attempt-th failed attempt (1-based).
func (b Backoff) delay(attempt int) time.Duration {
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// NextRetry implements river.ClientRetryPolicy.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(b.delay(job.Attempt))
}

// MaxAttempts is how many attempts DefaultBackoff needs to span
// retryWindow: a job failing all along is retried for at least that long.
// It is fixed at insert, so it does not depend on a test's short Backoff.
func MaxAttempts() int {
	var total time.Duration
	n := 1
	for total < retryWindow {
		total += DefaultBackoff.delay(n)
		n++
	}
	return n
}
