// Package poll waits in tests for something that happens asynchronously:
// it checks a condition on a ticker until it holds or a deadline passes,
// so a test waits as long as it must and no longer, and fails with what
// it was waiting for.
package poll

import (
	"testing"
	"time"
)

// Interval is how often a condition is checked.
const Interval = 20 * time.Millisecond

// Within checks cond now and then every Interval, and reports whether it
// held before timeout passed.
func Within(timeout time.Duration, cond func() bool) bool {
	if cond() {
		return true
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(Interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if cond() {
				return true
			}
		case <-deadline.C:
			return cond()
		}
	}
}

// Until fails tb, naming what it waited for, unless cond holds within
// timeout.
func Until(tb testing.TB, what string, timeout time.Duration, cond func() bool) {
	tb.Helper()
	if !Within(timeout, cond) {
		tb.Fatalf("timed out after %s waiting until %s", timeout, what)
	}
}
