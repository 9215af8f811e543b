package web

import (
	"bytes"
	"testing"
	"time"
)

func TestAnonymousIDsAreAcceptedOnlyFromThisKeyWithinTheLifetime(t *testing.T) {
	key, other := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	now := time.Unix(1_800_000_000, 0)
	const ttl = 12 * time.Hour
	id := newAnonymousID(key, now)
	if len(id) != 54 || newAnonymousID(key, now) == id {
		t.Fatalf("ids %q: want 54 characters, different every time", id)
	}
	for name, tc := range map[string]struct {
		key  []byte
		id   string
		at   time.Time
		want bool
	}{
		"just issued":                 {key, id, now, true},
		"near the end of its life":    {key, id, now.Add(ttl - time.Second), true},
		"a lifetime old":              {key, id, now.Add(ttl), false},
		"from a clock a minute ahead": {key, id, now.Add(-59 * time.Second), true},
		"from further in the future":  {key, id, now.Add(-2 * time.Minute), false},
		"another key's":               {other, id, now, false},
		"a stored session's id":       {key, randomToken(), now, false},
		"not base64":                  {key, "*" + id[1:], now, false},
		"empty":                       {key, "", now, false},
	} {
		if got := anonymousIDValid(tc.key, tc.id, tc.at, ttl); got != tc.want {
			t.Errorf("%s: valid = %v, want %v", name, got, tc.want)
		}
	}
	// Any changed byte breaks the MAC (the issue time included).
	raw := []byte(id)
	for i := range 53 { // the last character may carry padding bits only
		changed := bytes.Clone(raw)
		changed[i] = map[bool]byte{true: 'B', false: 'A'}[raw[i] == 'A']
		if anonymousIDValid(key, string(changed), now, ttl) {
			t.Errorf("id changed at %d still valid", i)
		}
	}
}

func TestAnonymousCSRFTokenIsBoundToIDAndKey(t *testing.T) {
	key, other := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	a, b := newAnonymousID(key, time.Now()), newAnonymousID(key, time.Now())
	token := anonymousCSRF(key, a)
	if token != anonymousCSRF(key, a) {
		t.Fatal("the token of an id changes")
	}
	if token == anonymousCSRF(key, b) || token == anonymousCSRF(other, a) {
		t.Fatal("two ids, or two keys, share a token")
	}
	if token == a || len(token) != 43 {
		t.Fatalf("token %q: want 43 characters, not the id", token)
	}
}
