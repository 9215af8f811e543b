package notify

import (
	"testing"
	"time"
)

func TestBackoffDoublesUpToMaxAndSpansMoreThanADay(t *testing.T) {
	b := Backoff{Base: 30 * time.Second, Max: time.Hour}
	for attempt, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 8: time.Hour, 30: time.Hour} {
		if got := b.delay(attempt); got != want {
			t.Errorf("delay after attempt %d = %v, want %v", attempt, got, want)
		}
	}
	var total time.Duration
	for attempt := 1; attempt < MaxAttempts(); attempt++ {
		total += DefaultBackoff.delay(attempt)
	}
	if total < 24*time.Hour {
		t.Errorf("%d attempts span %v, want at least 24h", MaxAttempts(), total)
	}
}

func TestMessageIDIsStablePerEventAndRecipient(t *testing.T) {
	a := messageID("ev-1", "Ada@Example.com", "example.org")
	if a != messageID("ev-1", "ada@example.com", "example.org") {
		t.Error("the same recipient in other case gets another Message-ID")
	}
	if a == messageID("ev-1", "grace@example.com", "example.org") || a == messageID("ev-2", "ada@example.com", "example.org") {
		t.Error("Message-IDs collide across recipients or events")
	}
}
