package runtimeapi

import (
	"context"
	"testing"
	"time"
)

// A process that has exited never takes an invocation, even when its
// request for work finds one queued as it learns that it exited: the
// invocation stays queued for a live process instead of waiting out its
// timeout on a dead one.
func TestAnExitedProcessLeavesTheQueuedInvocationForALiveOne(t *testing.T) {
	srv := &Server{functions: map[string]*Function{}, instances: map[string]*instance{}, closing: make(chan struct{})}
	// MaxConcurrency 0 keeps scale from starting a real process.
	f := &Function{cfg: Config{Name: "f", Timeout: time.Minute}, srv: srv, queue: make(chan *invocation, 1), instances: map[string]*instance{}}
	in := &instance{id: "dead", fn: f, exited: make(chan struct{}), initDone: true}
	close(in.exited)
	inv := &invocation{id: "r1", ctx: context.Background(), done: make(chan result, 1)}
	f.queue <- inv
	// A select with both cases ready picks one at random: forty tries all
	// go the dead process's way only if it can never take the invocation.
	for range 40 {
		if got, ok := in.awaitInvocation(context.Background()); ok {
			t.Fatalf("the exited process took invocation %s", got.id)
		}
		if len(f.queue) != 1 {
			t.Fatalf("queue holds %d invocations, want the one put back", len(f.queue))
		}
	}
	if in.inflight != nil {
		t.Fatalf("the exited process holds invocation %s", in.inflight.id)
	}
}
