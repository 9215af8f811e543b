package models

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// The comparison for unknown names must cost what a real one costs, or a
// timing difference tells which usernames exist.
func TestDummyHashHasTheConfiguredCost(t *testing.T) {
	t.Parallel()
	for _, cost := range []int{MinBcryptCost, 13} {
		l := NewLogin(cost, LoginThrottle{}, nil, "")
		got, err := bcrypt.Cost(l.dummy)
		if err != nil || got != cost {
			t.Errorf("NewLogin(%d): dummy hash cost %d (%v), want %d", cost, got, err, cost)
		}
	}
	if got, _ := bcrypt.Cost(dummyHash(4)); got != MinBcryptCost {
		t.Errorf("dummy hash below the minimum: cost %d, want %d", got, MinBcryptCost)
	}
}
