package app

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestServeLimitsMemoryUnlessTheOperatorDid: serve's default soft limit
// applies when GOMEMLIMIT is unset and stays out of the way when it is set.
func TestServeLimitsMemoryUnlessTheOperatorDid(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT") // t.Setenv puts the old value back afterwards
	if got := limitMemory(); got != defaultMemoryLimit {
		t.Errorf("GOMEMLIMIT unset: limit %d, want %d", got, defaultMemoryLimit)
	}

	debug.SetMemoryLimit(math.MaxInt64) // as the runtime leaves GOMEMLIMIT=off
	t.Setenv("GOMEMLIMIT", "off")
	if got := limitMemory(); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set: limit changed to %d", got)
	}
}
