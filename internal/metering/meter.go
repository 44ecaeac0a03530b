package metering

import (
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Meter holds the counters. All its methods are safe for concurrent use.
type Meter struct {
	mu    sync.Mutex
	since time.Time
	// functions are the counters by function name; "" holds what no
	// function can be charged with.
	functions map[string]*Usage
	orders    int64
	placed    recentSet

	attribution atomic.Pointer[Attribution]
	// tables caches the key schema and indexes of each table, by name.
	tables sync.Map
	// orderEvent says which events count orders: DefaultOrderEvent.
	orderEvent OrderEvent
	now        func() time.Time
}

// OrderEvent names the event that marks one order placed. Orders publish
// it exactly when they store the order, so the bus carries one per order;
// a redelivery of the same event (same envelope id) counts once.
type OrderEvent struct {
	// Source and DetailType are the event's; an empty Source matches any.
	Source, DetailType string
}

// DefaultOrderEvent is Conveyor's: OrderPlaced from orders.
var DefaultOrderEvent = OrderEvent{Source: events.SourcePrefix + "orders", DetailType: events.TypeOrderPlaced}

// New returns a Meter with zeroed counters that counts orders by
// DefaultOrderEvent.
func New() *Meter {
	m := &Meter{now: time.Now, orderEvent: DefaultOrderEvent}
	m.attribution.Store(&Attribution{})
	m.Reset()
	return m
}

// Attribution says whom to charge: the service of each function, and the
// function that drains each queue (for what EventBridge delivers to it).
type Attribution struct {
	// Services are the service names by function name.
	Services map[string]string
	// Queues are the function names by queue name.
	Queues map[string]string
}

// AttributionFor is the attribution of the declared services, their
// queues named by names: each subscription's queue charged to the
// function that drains it, each stream consumer's failure queue to that
// consumer.
func AttributionFor(services []spec.Service, names provision.Names) Attribution {
	a := Attribution{Services: map[string]string{}, Queues: map[string]string{}}
	for _, s := range services {
		for _, f := range s.Functions {
			a.Services[f.Name] = s.Name
			if f.Stream != nil {
				a.Queues[names.StreamFailureQueue(f.Name)] = f.Name
			}
		}
		for _, sub := range s.Subscriptions {
			a.Queues[names.Queue(s, sub)] = sub.Function
			a.Queues[names.DLQ(s, sub)] = sub.Function
		}
	}
	return a
}

// Attribute makes the meter charge by a from now on; counters already
// kept keep their service.
func (m *Meter) Attribute(a Attribution) {
	c := Attribution{Services: maps.Clone(a.Services), Queues: maps.Clone(a.Queues)}
	m.attribution.Store(&c)
}

// serviceOf is the service of function: the attribution's, else the
// declaration convention's (a function's name starts with its service's
// and a hyphen), else the function's name.
func (m *Meter) serviceOf(function string) string {
	if s, ok := m.attribution.Load().Services[function]; ok {
		return s
	}
	if s, _, ok := strings.Cut(function, "-"); ok {
		return s
	}
	return function
}

// queueFunction is the function charged with deliveries to queue.
func (m *Meter) queueFunction(queue string) (string, bool) {
	f, ok := m.attribution.Load().Queues[queue]
	return f, ok
}

// update runs f on function's counters under the meter's lock.
func (m *Meter) update(function string, f func(u *Usage)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.functions[function]
	if !ok {
		u = newUsage(m.serviceOf(function))
		m.functions[function] = u
	}
	f(u)
}

// Invocation counts one invocation of function, declared with memoryMB,
// that ran for d: Lambda bills d rounded up to the millisecond, times the
// memory.
func (m *Meter) Invocation(function string, memoryMB int, d time.Duration) {
	billed := BilledMilliseconds(d)
	m.update(function, func(u *Usage) {
		u.Lambda.Invocations++
		u.Lambda.BilledMilliseconds += billed
		u.Lambda.MBMilliseconds += int64(memoryMB) * billed
		u.Lambda.MemoryMB = memoryMB
	})
}

// BilledMilliseconds is the duration Lambda bills for d: rounded up to the
// next millisecond, at least one.
func BilledMilliseconds(d time.Duration) int64 {
	ms := int64((d + time.Millisecond - 1) / time.Millisecond)
	return max(ms, 1)
}

// APIRequest counts one API Gateway request that reached function. API
// Gateway bills requests it sends to the integration; those it refuses
// itself (no route, no valid token, throttled) are free.
func (m *Meter) APIRequest(function string) {
	m.update(function, func(u *Usage) { u.APIGateway.Requests++ })
}

// LogBytes counts one log line of n bytes written by function, which
// CloudWatch Logs ingests.
func (m *Meter) LogBytes(function string, n int) {
	m.update(function, func(u *Usage) {
		u.Logs.Lines++
		u.Logs.Bytes += int64(n)
	})
}

// orderPlaced counts the order event with envelope id, once per id.
func (m *Meter) orderPlaced(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id != "" && !m.placed.add(id) {
		return
	}
	m.orders++
}

// Reset zeroes every counter; the next Snapshot counts from now.
func (m *Meter) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resetLocked()
}

func (m *Meter) resetLocked() {
	m.since = m.now()
	m.functions = map[string]*Usage{}
	m.orders = 0
	m.placed = recentSet{}
}

// Snapshot returns a copy of the counters.
func (m *Meter) Snapshot() Snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.snapshotLocked()
}

func (m *Meter) snapshotLocked() Snapshot {
	s := Snapshot{Since: m.since, Taken: m.now(), Orders: m.orders, Functions: make(map[string]Usage, len(m.functions))}
	for name, u := range m.functions {
		s.Functions[name] = u.clone()
	}
	return s
}

// recentSet remembers the ids it was given, the most recent
// 2×recentSetGeneration of them: enough to recognise a redelivered event,
// in memory that does not grow with a long run.
type recentSet struct {
	current, previous map[string]struct{}
}

const recentSetGeneration = 100_000

// add records id; it reports whether id was new.
func (r *recentSet) add(id string) bool {
	if _, ok := r.current[id]; ok {
		return false
	}
	if _, ok := r.previous[id]; ok {
		return false
	}
	if r.current == nil {
		r.current = map[string]struct{}{}
	}
	if len(r.current) >= recentSetGeneration {
		r.previous, r.current = r.current, map[string]struct{}{}
	}
	r.current[id] = struct{}{}
	return true
}
