package chaos

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Kind names one kind of injected fault, as the counts report it.
type Kind string

// The kinds of fault an Injector counts.
const (
	// KindCrashBeforeAnswer: a process killed after its handler returned,
	// before its answer reached Lambda.
	KindCrashBeforeAnswer Kind = "crash-before-answer"
	// KindCrashMidInvocation: a process killed at a random moment of an
	// invocation.
	KindCrashMidInvocation Kind = "crash-mid-invocation"
	// KindThrottleProvisioned: a DynamoDB call refused with
	// ProvisionedThroughputExceededException.
	KindThrottleProvisioned Kind = "throttle-provisioned-throughput-exceeded"
	// KindThrottleThrottling: a DynamoDB call refused with
	// ThrottlingException.
	KindThrottleThrottling Kind = "throttle-throttling-exception"
	// KindThrottleTransaction: a transaction cancelled with a
	// ThrottlingError reason.
	KindThrottleTransaction Kind = "throttle-transaction-cancelled"
	// KindPutEventsPartial: a PutEvents call answered with failed entries.
	KindPutEventsPartial Kind = "putevents-partial-failure"
	// KindPutEventsEntryFailed: one entry of such a call that failed.
	KindPutEventsEntryFailed Kind = "putevents-failed-entry"
	// KindDuplicateSameBatch: a message delivered twice in one batch.
	KindDuplicateSameBatch Kind = "sqs-duplicate-same-batch"
	// KindDuplicateSeparateBatch: a message sent to its queue again, to
	// arrive in a separate batch.
	KindDuplicateSeparateBatch Kind = "sqs-duplicate-separate-batch"
	// KindLate: a message held back to arrive after later ones.
	KindLate Kind = "sqs-late"
	// KindLatency: a delayed emulator call.
	KindLatency Kind = "latency"
)

// Kinds lists every kind in report order.
var Kinds = []Kind{
	KindCrashBeforeAnswer, KindCrashMidInvocation,
	KindThrottleProvisioned, KindThrottleThrottling, KindThrottleTransaction,
	KindPutEventsPartial, KindPutEventsEntryFailed,
	KindDuplicateSameBatch, KindDuplicateSeparateBatch, KindLate, KindLatency,
}

// Counts are the faults injected, by kind.
type Counts map[Kind]int64

// Total adds up the counts, leaving out KindPutEventsEntryFailed, which
// details KindPutEventsPartial.
func (c Counts) Total() int64 {
	var n int64
	for k, v := range c {
		if k != KindPutEventsEntryFailed {
			n += v
		}
	}
	return n
}

// Injector holds the switches and decides each fault. It is safe for
// concurrent use; its methods on a nil *Injector inject nothing.
type Injector struct {
	faults atomic.Pointer[Faults]
	mu     sync.Mutex
	counts Counts
	// float returns a uniform number in [0, 1).
	float func() float64
}

// New returns an injector with the switches f.
func New(f Faults) (*Injector, error) {
	in := &Injector{counts: Counts{}, float: rand.Float64}
	if err := in.Set(f); err != nil {
		return nil, err
	}
	return in, nil
}

// Set replaces the switches.
func (in *Injector) Set(f Faults) error {
	if err := f.Validate(); err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	in.faults.Store(&f)
	return nil
}

// Faults returns the switches.
func (in *Injector) Faults() Faults {
	if in == nil {
		return Faults{}
	}
	if f := in.faults.Load(); f != nil {
		return *f
	}
	return Faults{}
}

// Record counts n faults of a kind, which the caller injected.
func (in *Injector) Record(k Kind, n int) {
	if in == nil || n <= 0 {
		return
	}
	in.mu.Lock()
	in.counts[k] += int64(n)
	in.mu.Unlock()
}

// Injected returns the faults injected so far, by kind.
func (in *Injector) Injected() Counts {
	if in == nil {
		return Counts{}
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return maps.Clone(in.counts)
}

func (in *Injector) current() *Faults {
	if in == nil {
		return nil
	}
	return in.faults.Load()
}

// draw reports true with probability rate.
func (in *Injector) draw(rate float64) bool {
	return rate > 0 && in.float() < rate
}

// CrashPoint is where in an invocation a process is killed.
type CrashPoint int

const (
	// NoCrash leaves the invocation alone.
	NoCrash CrashPoint = iota
	// CrashBeforeAnswer kills the process when it posts its answer: the
	// handler has returned and every write it made is done.
	CrashBeforeAnswer
	// CrashMidInvocation kills the process a random share of the way
	// through the invocation.
	CrashMidInvocation
)

// Crash decides whether an invocation of function is killed, and where.
// For CrashMidInvocation, share is the fraction (0 to 1) of the
// invocation's typical duration after which the process dies.
func (in *Injector) Crash(function string) (point CrashPoint, share float64) {
	f := in.current()
	if f == nil || !in.draw(f.Crash.Rate) || !inScope(f.Crash.Functions, function) {
		return NoCrash, 0
	}
	if in.float() < 0.5 {
		return CrashBeforeAnswer, 0
	}
	return CrashMidInvocation, in.float()
}

// Throttle decides whether function's DynamoDB call on table is refused.
func (in *Injector) Throttle(function, table string) bool {
	f := in.current()
	return f != nil && in.draw(f.Throttle.Rate) && inScope(f.Throttle.Tables, table)
}

// Choose returns a uniform integer in [0, n), for the callers' choices
// among the shapes of one fault.
func (in *Injector) Choose(n int) int {
	if n <= 1 {
		return 0
	}
	return min(int(in.float()*float64(n)), n-1)
}

// FailEntries decides which of the n entries of function's PutEvents call
// fail: nil when none does, else one flag per entry, at least one set.
func (in *Injector) FailEntries(function string, n int) []bool {
	f := in.current()
	if f == nil || n < 1 || !in.draw(f.PutEvents.Rate) || !inScope(f.PutEvents.Functions, function) {
		return nil
	}
	failed := make([]bool, n)
	any := false
	for i := range failed {
		failed[i] = in.float() < 0.5
		any = any || failed[i]
	}
	if !any {
		failed[in.Choose(n)] = true
	}
	return failed
}

// DuplicateMode is how a message is delivered twice.
type DuplicateMode int

const (
	// NoDuplicate delivers the message once.
	NoDuplicate DuplicateMode = iota
	// DuplicateSameBatch delivers it twice in one batch.
	DuplicateSameBatch
	// DuplicateSeparateBatch sends it to its queue again.
	DuplicateSeparateBatch
)

// Duplicate decides whether a message of queue is delivered twice, and
// how.
func (in *Injector) Duplicate(queue string) DuplicateMode {
	f := in.current()
	if f == nil || !in.draw(f.Duplicate.Rate) || !inScope(f.Duplicate.Queues, queue) {
		return NoDuplicate
	}
	if in.float() < 0.5 {
		return DuplicateSameBatch
	}
	return DuplicateSeparateBatch
}

// Late decides whether a message of queue is held back, and for how long:
// at least a second, at most the switch's MaxDelayMS.
func (in *Injector) Late(queue string) (time.Duration, bool) {
	f := in.current()
	if f == nil || !in.draw(f.Late.Rate) || !inScope(f.Late.Queues, queue) {
		return 0, false
	}
	most := f.Late.lateMax()
	return time.Second + time.Duration(in.float()*float64(most-time.Second)), true
}

// Latency decides how long function's emulator call is delayed; 0 means
// not at all.
func (in *Injector) Latency(function string) time.Duration {
	f := in.current()
	if f == nil || !in.draw(f.Latency.Rate) || !inScope(f.Latency.Functions, function) {
		return 0
	}
	return time.Duration(in.float() * float64(f.Latency.latencyMax()))
}
