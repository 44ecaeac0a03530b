package load

import (
	"sync"

	"github.com/conveyor-dev/conveyor/events"
)

// tracker matches the events heard on the bus with the orders the run
// placed. An order's first events may arrive before the API's answer
// that names it, so events of ids not yet known are kept until their
// order is registered; events of other clients' orders stay there
// unused.
type tracker struct {
	mu      sync.Mutex
	orders  map[string]*Order
	orphans map[string][]Event
	// unsettled counts the registered orders that have not settled.
	unsettled int
	settled   map[string]bool
	// changed gets a value whenever an order settles or unsettles.
	changed chan struct{}
	// onAuthorized is called, outside the lock, the first time a
	// KindCancelLate order is known to be authorised.
	onAuthorized func(*Order)
	// heard counts the events taken, redeliveries included; fresh counts
	// those not heard before.
	heard, fresh int
}

func newTracker(onAuthorized func(*Order)) *tracker {
	return &tracker{
		orders:       map[string]*Order{},
		orphans:      map[string][]Event{},
		settled:      map[string]bool{},
		changed:      make(chan struct{}, 1),
		onAuthorized: onAuthorized,
	}
}

// register starts following an accepted order, with whatever was heard
// about it already.
func (t *tracker) register(o *Order) {
	t.mu.Lock()
	t.orders[o.ID] = o
	t.unsettled++
	for _, e := range t.orphans[o.ID] {
		o.observe(e)
	}
	delete(t.orphans, o.ID)
	cancel := t.update(o)
	t.mu.Unlock()
	if cancel {
		t.onAuthorized(o)
	}
}

// observe takes one event off the bus.
func (t *tracker) observe(e Event) {
	t.mu.Lock()
	t.heard++
	o, ok := t.orders[e.OrderID]
	if !ok {
		for _, seen := range t.orphans[e.OrderID] {
			if seen.ID == e.ID {
				t.mu.Unlock()
				return
			}
		}
		t.orphans[e.OrderID] = append(t.orphans[e.OrderID], e)
		t.fresh++
		t.mu.Unlock()
		return
	}
	if !o.observe(e) {
		t.mu.Unlock()
		return
	}
	t.fresh++
	cancel := t.update(o)
	t.mu.Unlock()
	if cancel {
		t.onAuthorized(o)
	}
}

// update recounts the order's settlement, under the lock, and reports
// whether its late cancel is due now.
func (t *tracker) update(o *Order) bool {
	now := o.Outcome().Settled
	if now != t.settled[o.ID] {
		t.settled[o.ID] = now
		if now {
			t.unsettled--
		} else {
			t.unsettled++
		}
		select {
		case t.changed <- struct{}{}:
		default:
		}
	}
	if o.Kind == KindCancelLate && !o.cancelAsked && t.onAuthorized != nil {
		if ok, _ := o.has(events.TypePaymentAuthorized); ok {
			o.cancelAsked = true
			return true
		}
	}
	return false
}

// pending is the number of registered orders not settled.
func (t *tracker) pending() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.unsettled
}

// counts returns the events taken off the bus and those not heard before.
func (t *tracker) counts() (heard, fresh int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.heard, t.fresh
}

// locked runs f with the tracker's lock held, so that f reads the orders'
// events while no event is being added.
func (t *tracker) locked(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f()
}
