package main

import (
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Under faults a run waits for its orders at least as long as a crashed
// batch stays invisible in its queue, and a minute more: with less, orders
// that are only waiting for their retry are reported lost.
func TestARunUnderFaultsWaitsOutTheLongestVisibilityTimeout(t *testing.T) {
	var longest time.Duration
	for _, s := range functions.All() {
		for _, sub := range s.Subscriptions {
			for _, f := range s.Functions {
				if f.Name == sub.Function {
					longest = max(longest, sub.QueueVisibility(f))
				}
			}
		}
	}
	if longest == 0 {
		t.Fatal("no subscription's queue has a visibility timeout")
	}
	if got := chaosSettleTimeout(functions.All()); got < longest+time.Minute {
		t.Errorf("settle timeout under faults %s, want at least %s (the longest visibility timeout %s and a minute)", got, longest+time.Minute, longest)
	}
	declared := []spec.Service{{Name: "things",
		Functions:     []spec.Function{{Name: "things-events", Timeout: time.Second}},
		Subscriptions: []spec.Subscription{{Name: "events", Function: "things-events", VisibilityTimeout: 10 * time.Minute}},
	}}
	if got := chaosSettleTimeout(declared); got != 11*time.Minute {
		t.Errorf("with a declared visibility timeout of 10m the settle timeout is %s, want 11m0s", got)
	}
}
