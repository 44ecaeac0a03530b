package chaos

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Faults are the fault switches. The zero value injects nothing.
type Faults struct {
	Crash     Crash     `json:"crash"`
	Throttle  Throttle  `json:"throttle"`
	PutEvents PutEvents `json:"putEvents"`
	Duplicate Duplicate `json:"duplicate"`
	Late      Late      `json:"late"`
	Latency   Latency   `json:"latency"`
}

// Crash kills function processes inside invocations.
type Crash struct {
	// Rate is the share (0 to 1) of invocations whose process is killed.
	// Half of them die after the handler has returned, all its writes
	// done, before the answer reaches Lambda; the others at a random
	// moment of the invocation.
	Rate float64 `json:"rate"`
	// Functions scopes the fault by function name; empty means every
	// function.
	Functions []string `json:"functions,omitempty"`
}

// Throttle answers DynamoDB calls with a throttling error.
type Throttle struct {
	// Rate is the share (0 to 1) of the functions' DynamoDB calls refused.
	Rate float64 `json:"rate"`
	// Tables scopes the fault by table: a table's name, or the end of it
	// after a hyphen ("inventory" for "conveyor-local-inventory"); empty
	// means every table.
	Tables []string `json:"tables,omitempty"`
}

// PutEvents makes EventBridge accept only part of a PutEvents batch.
type PutEvents struct {
	// Rate is the share (0 to 1) of PutEvents calls answered with failed
	// entries; in such a call each entry fails with even odds, and at
	// least one does.
	Rate float64 `json:"rate"`
	// Functions scopes the fault by the publishing function; empty means
	// every function.
	Functions []string `json:"functions,omitempty"`
}

// Duplicate delivers SQS messages twice.
type Duplicate struct {
	// Rate is the share (0 to 1) of messages delivered twice: half of the
	// copies in the same batch, the others sent to the queue again, so
	// that they arrive in a separate batch.
	Rate float64 `json:"rate"`
	// Queues scopes the fault by queue name, or its end after a hyphen
	// ("payments-saga"); empty means every subscription queue.
	Queues []string `json:"queues,omitempty"`
}

// Late holds SQS messages back so that they arrive after later ones.
type Late struct {
	// Rate is the share (0 to 1) of messages held back.
	Rate float64 `json:"rate"`
	// MaxDelayMS is the longest a message is held back, in milliseconds
	// (at least one second, as SQS counts visibility in seconds); 0 means
	// DefaultLateMS.
	MaxDelayMS int `json:"maxDelayMs,omitempty"`
	// Queues scopes the fault as in Duplicate.
	Queues []string `json:"queues,omitempty"`
}

// Latency delays emulator calls.
type Latency struct {
	// Rate is the share (0 to 1) of the functions' emulator calls delayed.
	Rate float64 `json:"rate"`
	// MaxMS is the longest delay, in milliseconds; each delayed call
	// waits a uniform share of it. 0 means DefaultLatencyMS.
	MaxMS int `json:"maxMs,omitempty"`
	// Functions scopes the fault by the calling function; empty means
	// every function.
	Functions []string `json:"functions,omitempty"`
}

// Defaults of the fault durations.
const (
	DefaultLateMS    = 3000
	DefaultLatencyMS = 200
	// maxDelayMS bounds every delay the switches may ask for: below every
	// queue's visibility timeout and every function's timeout.
	maxDelayMS = 20_000
)

// Validate reports a switch out of range.
func (f Faults) Validate() error {
	var errs []error
	rate := func(name string, r float64) {
		if r < 0 || r > 1 {
			errs = append(errs, fmt.Errorf("%s.rate %g: want a share within 0-1", name, r))
		}
	}
	rate("crash", f.Crash.Rate)
	rate("throttle", f.Throttle.Rate)
	rate("putEvents", f.PutEvents.Rate)
	rate("duplicate", f.Duplicate.Rate)
	rate("late", f.Late.Rate)
	rate("latency", f.Latency.Rate)
	if f.Late.MaxDelayMS < 0 || f.Late.MaxDelayMS > maxDelayMS {
		errs = append(errs, fmt.Errorf("late.maxDelayMs %d: want 0-%d", f.Late.MaxDelayMS, maxDelayMS))
	}
	if f.Latency.MaxMS < 0 || f.Latency.MaxMS > maxDelayMS {
		errs = append(errs, fmt.Errorf("latency.maxMs %d: want 0-%d", f.Latency.MaxMS, maxDelayMS))
	}
	for name, scope := range map[string][]string{
		"crash.functions": f.Crash.Functions, "throttle.tables": f.Throttle.Tables, "putEvents.functions": f.PutEvents.Functions,
		"duplicate.queues": f.Duplicate.Queues, "late.queues": f.Late.Queues, "latency.functions": f.Latency.Functions,
	} {
		for _, s := range scope {
			if strings.TrimSpace(s) == "" {
				errs = append(errs, errors.New(name+" holds an empty name"))
			}
		}
	}
	return errors.Join(errs...)
}

// Any reports whether any fault is on.
func (f Faults) Any() bool {
	return f.Crash.Rate > 0 || f.Throttle.Rate > 0 || f.PutEvents.Rate > 0 || f.Duplicate.Rate > 0 ||
		f.Late.Rate > 0 || f.Latency.Rate > 0
}

// Everywhere is every fault at rate, in every scope, with the default
// delays: the setting of a soak.
func Everywhere(rate float64) Faults {
	return Faults{
		Crash: Crash{Rate: rate}, Throttle: Throttle{Rate: rate}, PutEvents: PutEvents{Rate: rate},
		Duplicate: Duplicate{Rate: rate}, Late: Late{Rate: rate}, Latency: Latency{Rate: rate},
	}
}

// lateMax is the longest a message is held back.
func (l Late) lateMax() time.Duration {
	ms := l.MaxDelayMS
	if ms <= 0 {
		ms = DefaultLateMS
	}
	return time.Duration(max(ms, 1000)) * time.Millisecond
}

// latencyMax is the longest a call is delayed.
func (l Latency) latencyMax() time.Duration {
	ms := l.MaxMS
	if ms <= 0 {
		ms = DefaultLatencyMS
	}
	return time.Duration(ms) * time.Millisecond
}

// inScope reports whether name is in scope: scope is empty, or one of its
// entries is name or the end of name after a hyphen.
func inScope(scope []string, name string) bool {
	if len(scope) == 0 {
		return true
	}
	for _, s := range scope {
		if name == s || strings.HasSuffix(name, "-"+s) {
			return true
		}
	}
	return false
}
