package runtimeapi

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/conveyor-dev/conveyor/internal/chaos"
)

// killedByChaos is the reason a process killed by an injected crash
// stops, as its notice says.
const killedByChaos = "chaos"

// initialTypical is a function's typical invocation time until one
// invocation has been answered.
const initialTypical = 100 * time.Millisecond

// typicalDuration keeps a function's typical invocation time: a moving
// average of the invocations answered, in nanoseconds.
type typicalDuration struct{ nanos atomic.Int64 }

func (t *typicalDuration) get() time.Duration {
	if n := t.nanos.Load(); n > 0 {
		return time.Duration(n)
	}
	return initialTypical
}

// add folds one answered invocation's time into the average, an eighth
// at a time.
func (t *typicalDuration) add(d time.Duration) {
	for {
		old := t.nanos.Load()
		next := int64(d)
		if old > 0 {
			next = old + (int64(d)-old)/8
		}
		if t.nanos.CompareAndSwap(old, next) {
			return
		}
	}
}

// planCrash asks the server's chaos whether inv, just handed to this
// process, crashes, and arms the crash: at the answer, or after a share of
// the function's typical invocation time.
func (in *instance) planCrash(inv *invocation) {
	ch := in.fn.srv.chaos.Load()
	point, share := ch.Crash(in.fn.cfg.Name)
	switch point {
	case chaos.CrashBeforeAnswer:
		inv.mu.Lock()
		inv.crashAtAnswer = true
		inv.mu.Unlock()
	case chaos.CrashMidInvocation:
		after := time.Duration(share * float64(in.fn.typical.get()))
		inv.mu.Lock()
		inv.crashTimer = time.AfterFunc(after, func() {
			if _, ok := in.current(inv.id); !ok {
				return // answered first: the crash came too late
			}
			ch.Record(chaos.KindCrashMidInvocation, 1)
			in.fn.cfg.Notice(in.fn.cfg.Name, fmt.Sprintf("chaos: killing process %d %s into invocation %s", in.pid, after.Round(time.Millisecond), inv.id))
			in.killFor(killedByChaos)
		})
		inv.mu.Unlock()
	}
}

// crashBeforeAnswer kills the process that is answering inv, when inv
// was meant to crash there, and reports whether it did: the answer is
// then never taken, and the invocation fails as the process exits.
func (in *instance) crashBeforeAnswer(inv *invocation) bool {
	inv.mu.Lock()
	crash := inv.crashAtAnswer
	inv.mu.Unlock()
	if !crash {
		return false
	}
	in.fn.srv.chaos.Load().Record(chaos.KindCrashBeforeAnswer, 1)
	in.fn.cfg.Notice(in.fn.cfg.Name, fmt.Sprintf("chaos: killing process %d as it answers invocation %s", in.pid, inv.id))
	in.killFor(killedByChaos)
	return true
}
