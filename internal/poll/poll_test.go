package poll_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/poll"
)

func TestWithin(t *testing.T) {
	t.Run("a condition that already holds returns at once", func(t *testing.T) {
		start := time.Now()
		if !poll.Within(time.Minute, func() bool { return true }) || time.Since(start) > time.Second {
			t.Fatal("Within waited for a condition that held")
		}
	})
	t.Run("a condition that comes true is seen", func(t *testing.T) {
		var calls atomic.Int32
		if !poll.Within(5*time.Second, func() bool { return calls.Add(1) == 3 }) {
			t.Fatal("Within missed the condition")
		}
	})
	t.Run("a condition that never holds times out", func(t *testing.T) {
		start := time.Now()
		if poll.Within(100*time.Millisecond, func() bool { return false }) {
			t.Fatal("Within reported a condition that never held")
		}
		if d := time.Since(start); d < 100*time.Millisecond {
			t.Fatalf("Within gave up after %v, before its timeout", d)
		}
	})
}
