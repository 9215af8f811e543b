package models

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// LoginThrottle limits failed password checks per account and per client
// address within a window (table login_failures, shared by every app
// instance). Only failures are counted, after they happen: a correct
// password never uses up an allowance, so many people logging in at once
// from one address (an office behind NAT) are never refused. Once a key
// has Per… failures, further checks on it are refused, even with the right
// password, until its window ends. Counting afterwards would let guesses
// sent simultaneously each pass the check before any is counted; Login
// therefore checks one account's attempts one at a time in each process
// (a burst against one account across several instances gets at most one
// extra guess per instance).
type LoginThrottle struct {
	Window     time.Duration
	PerAccount int
	PerAddress int
}

// ThrottledError refuses a check that a throttle key has used up.
type ThrottledError struct {
	RetryAfter time.Duration // until the first refusing window ends
}

// Error says how long to wait.
func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed attempts; retry after %s", e.RetryAfter)
}

// throttleKey is one counter and its limit.
type throttleKey struct {
	key   string
	limit int
}

// keys are the counters a check by username from address counts against.
// Usernames are hashed: attacker-chosen text of any length becomes a short
// key, and case does not get around the limit.
func (t LoginThrottle) keys(username, address string) []throttleKey {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(username))))
	keys := []throttleKey{{"user:" + hex.EncodeToString(sum[:16]), t.PerAccount}}
	if address != "" {
		keys = append(keys, throttleKey{"ip:" + address, t.PerAddress})
	}
	return keys
}

// refused returns a *ThrottledError when a key has reached its limit, and
// whether this refusal is the first of its window for one of the refusing
// keys: only that one is audited, so a flood of refused attempts cannot
// flood the audit trail (every audit row takes the chain's global lock).
func (t LoginThrottle) refused(db *gorm.DB, keys []throttleKey) (*ThrottledError, bool, error) {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	var rows []struct {
		K        string
		Failures int
		WaitMs   int64
	}
	err := db.Raw(`SELECT k, failures, ceil(extract(epoch FROM window_ends_at - now()) * 1000)::bigint AS wait_ms
		FROM login_failures WHERE k IN ? AND window_ends_at > now()`, names).Scan(&rows).Error
	if err != nil {
		return nil, false, fmt.Errorf("models: read login throttle: %w", err)
	}
	var refusing []string
	var wait time.Duration
	for _, r := range rows {
		for _, k := range keys {
			if k.key == r.K && r.Failures >= k.limit {
				refusing = append(refusing, r.K)
				wait = max(wait, time.Duration(r.WaitMs)*time.Millisecond)
			}
		}
	}
	if len(refusing) == 0 {
		return nil, false, nil
	}
	var marked []string
	err = db.Raw(`UPDATE login_failures SET throttle_audited = true
		WHERE k IN ? AND NOT throttle_audited AND window_ends_at > now() RETURNING k`, refusing).Scan(&marked).Error
	if err != nil {
		return nil, false, fmt.Errorf("models: mark login throttle: %w", err)
	}
	return &ThrottledError{RetryAfter: wait}, len(marked) > 0, nil
}

// failed counts one failure against each key: a key whose window has ended
// starts a new one. One upsert, so concurrent failures are all counted.
// Rows of ended windows are removed on the way.
func (t LoginThrottle) failed(db *gorm.DB, keys []throttleKey) error {
	values := make([]string, len(keys))
	args := make([]any, 0, 2*len(keys))
	for i, k := range keys {
		values[i] = "(?, 1, now() + ? * interval '1 millisecond')"
		args = append(args, k.key, t.Window.Milliseconds())
	}
	err := db.Exec(`INSERT INTO login_failures AS f (k, failures, window_ends_at) VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (k) DO UPDATE SET
			failures = CASE WHEN f.window_ends_at <= now() THEN 1 ELSE f.failures + 1 END,
			throttle_audited = f.throttle_audited AND f.window_ends_at > now(),
			window_ends_at = CASE WHEN f.window_ends_at <= now() THEN excluded.window_ends_at ELSE f.window_ends_at END`,
		args...).Error
	if err != nil {
		return fmt.Errorf("models: count login failure: %w", err)
	}
	if err := db.Exec("DELETE FROM login_failures WHERE window_ends_at <= now()").Error; err != nil {
		return fmt.Errorf("models: expire login throttle: %w", err)
	}
	return nil
}
