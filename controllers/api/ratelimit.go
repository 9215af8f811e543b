package api

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// RateLimiter is a token bucket per API token, in this process: each
// bucket holds up to PerMinute calls and refills at PerMinute a minute, so
// a client may burst up to a minute's allowance and then keeps to the
// rate. Several app instances each keep their own buckets (a client
// behind the balancer gets up to one allowance per instance), which is
// enough to stop a runaway script without a shared store.
type RateLimiter struct {
	perMinute float64
	mu        sync.Mutex
	buckets   map[int64]*bucket
	swept     time.Time
	now       func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewRateLimiter allows perMinute calls a minute per token; 0 or less
// turns the limit off.
func NewRateLimiter(perMinute int) *RateLimiter {
	return &RateLimiter{perMinute: float64(perMinute), buckets: map[int64]*bucket{}, now: time.Now}
}

// Take spends one call of token id's allowance. When none is left it
// returns false and how long until the next call is allowed.
func (l *RateLimiter) Take(id int64) (bool, time.Duration) {
	if l == nil || l.perMinute <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	b, ok := l.buckets[id]
	if !ok {
		b = &bucket{tokens: l.perMinute, at: now}
		l.buckets[id] = b
	}
	perSecond := l.perMinute / 60
	b.tokens = math.Min(l.perMinute, b.tokens+now.Sub(b.at).Seconds()*perSecond)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / perSecond * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// sweep forgets, once a minute, the buckets that have refilled: they are
// the same as no bucket, and the map stays as small as the tokens in use.
func (l *RateLimiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for id, b := range l.buckets {
		if now.Sub(b.at) >= time.Minute {
			delete(l.buckets, id)
		}
	}
}

// retrySeconds rounds a wait up to whole seconds, at least 1, for
// Retry-After.
func retrySeconds(d time.Duration) int { return max(1, int(math.Ceil(d.Seconds()))) }

func itoa(n int) string { return strconv.Itoa(n) }
