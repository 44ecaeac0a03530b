package console

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/conveyor-dev/conveyor/events"
)

// The most a Feed keeps: the newest events, the newest orders, and the
// events of one order. A long run keeps a fixed footprint, as the local
// cloud's log store does.
const (
	DefaultMaxEvents = 20_000
	DefaultMaxOrders = 5_000
	maxOrderEvents   = 32
	// subscriberBuffer is how many events a slow page may fall behind
	// before it misses some.
	subscriberBuffer = 256
)

// Event is one platform event seen on the bus.
type Event struct {
	// Seq orders the events as the feed received them.
	Seq uint64
	// Received is when the feed received it.
	Received time.Time
	// Envelope is the event as its producer put it on the bus.
	events.Envelope
	// OrderID is the order the event is about, when its data names one.
	OrderID string
	// Detail is a short summary of the fields that say what happened.
	Detail string
}

// Service is the producing service's name: the source without
// "conveyor.".
func (e Event) Service() string { return strings.TrimPrefix(e.Source, events.SourcePrefix) }

// Order is what the feed knows of one order from its events.
type Order struct {
	ID string
	// Status is where the order's own events leave it: PENDING,
	// CONFIRMED, SHIPPED or CANCELLED.
	Status string
	// Reason is why a cancelled order was cancelled.
	Reason string
	// LastType is the type of the newest event about the order.
	LastType string
	// First and Last are the times of its first and newest events.
	First, Last time.Time
	// CorrelationID is the flow the order's events belong to.
	CorrelationID string
	// Events is how many of its events the feed kept.
	Events int
}

// Order statuses, as the orders service names them.
const (
	StatusPending   = "PENDING"
	StatusConfirmed = "CONFIRMED"
	StatusShipped   = "SHIPPED"
	StatusCancelled = "CANCELLED"
)

// statusOf is the order status an event type moves an order to, and its
// rank: a status never moves back to a lower rank, whatever order the
// events arrive in.
var statusOf = map[string]struct {
	status string
	rank   int
}{
	events.TypeOrderPlaced:    {StatusPending, 0},
	events.TypeOrderConfirmed: {StatusConfirmed, 1},
	events.TypeOrderShipped:   {StatusShipped, 2},
	events.TypeOrderCancelled: {StatusCancelled, 2},
}

type orderEntry struct {
	Order
	rank   int
	events []Event
}

// Feed keeps the platform events put on the bus, newest first, and indexes
// them by order, and hands each new event to the pages that follow the
// feed live. It keeps at most MaxEvents events and MaxOrders orders,
// dropping the oldest. It is safe for concurrent use; Add and
// ObservePutEvents never block.
type Feed struct {
	mu        sync.Mutex
	maxEvents int
	maxOrders int
	// ring holds the newest events; next is where the next one goes.
	ring []Event
	next int
	seq  uint64
	// ids are the ids of the kept events, so that a repeated delivery of
	// one event is kept once.
	ids map[string]uint64
	// orders and orderIDs (oldest first) index the kept orders.
	orders   map[string]*orderEntry
	orderIDs []string
	subs     map[chan Event]struct{}
	dropped  uint64
}

// NewFeed returns a feed keeping at most maxEvents events and maxOrders
// orders; 0 means DefaultMaxEvents and DefaultMaxOrders.
func NewFeed(maxEvents, maxOrders int) *Feed {
	if maxEvents <= 0 {
		maxEvents = DefaultMaxEvents
	}
	if maxOrders <= 0 {
		maxOrders = DefaultMaxOrders
	}
	return &Feed{maxEvents: maxEvents, maxOrders: maxOrders, ids: map[string]uint64{},
		orders: map[string]*orderEntry{}, subs: map[chan Event]struct{}{}}
}

// ObservePutEvents reads the body of an EventBridge PutEvents request and
// adds every platform event it carries. It is the observer the local cloud
// calls with each PutEvents request its emulator receives.
func (f *Feed) ObservePutEvents(body []byte) {
	var req struct {
		Entries []struct {
			Source string
			Detail string
		}
	}
	if json.Unmarshal(body, &req) != nil {
		return
	}
	for _, e := range req.Entries {
		if !strings.HasPrefix(e.Source, events.SourcePrefix) {
			continue
		}
		var env events.Envelope
		if json.Unmarshal([]byte(e.Detail), &env) != nil || env.ID == "" || env.Type == "" {
			continue
		}
		f.Add(env)
	}
}

// Add adds one event; an event whose id the feed keeps already is
// ignored.
func (f *Feed) Add(env events.Envelope) {
	e := Event{Envelope: env, OrderID: orderID(env.Data), Detail: detail(env)}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, dup := f.ids[env.ID]; dup {
		return
	}
	f.seq++
	e.Seq, e.Received = f.seq, time.Now()
	if len(f.ring) < f.maxEvents {
		f.ring = append(f.ring, e)
	} else {
		if old := f.ring[f.next]; f.ids[old.ID] == old.Seq {
			delete(f.ids, old.ID)
		}
		f.ring[f.next] = e
	}
	f.next = (f.next + 1) % f.maxEvents
	f.ids[env.ID] = e.Seq
	if e.OrderID != "" {
		f.index(e)
	}
	for ch := range f.subs {
		select {
		case ch <- e:
		default:
			f.dropped++
		}
	}
}

func (f *Feed) index(e Event) {
	o, ok := f.orders[e.OrderID]
	if !ok {
		if len(f.orderIDs) >= f.maxOrders {
			delete(f.orders, f.orderIDs[0])
			f.orderIDs = f.orderIDs[1:]
		}
		o = &orderEntry{Order: Order{ID: e.OrderID, Status: StatusPending, First: e.Time}, rank: -1}
		f.orders[e.OrderID] = o
		f.orderIDs = append(f.orderIDs, e.OrderID)
	}
	if len(o.events) < maxOrderEvents {
		o.events = append(o.events, e)
	}
	o.Events = len(o.events)
	if e.Time.Before(o.First) {
		o.First = e.Time
	}
	if !e.Time.Before(o.Last) {
		o.Last, o.LastType = e.Time, e.Type
	}
	if o.CorrelationID == "" {
		o.CorrelationID = e.CorrelationID
	}
	if s, ok := statusOf[e.Type]; ok && s.rank > o.rank {
		o.Status, o.rank = s.status, s.rank
		if e.Type == events.TypeOrderCancelled {
			var c events.OrderCancelled
			if json.Unmarshal(e.Data, &c) == nil {
				o.Reason = string(c.Reason)
			}
		}
	}
}

// Filter selects events; an empty field matches every event.
type Filter struct {
	Type          string
	OrderID       string
	CorrelationID string
}

// Match reports whether the filter selects e.
func (q Filter) Match(e Event) bool {
	return (q.Type == "" || strings.EqualFold(q.Type, e.Type)) &&
		(q.OrderID == "" || q.OrderID == e.OrderID) &&
		(q.CorrelationID == "" || q.CorrelationID == e.CorrelationID)
}

// Recent returns the newest events the filter selects, newest first, at
// most limit of them.
func (f *Feed) Recent(q Filter, limit int) []Event { return f.recent(q, 0, limit) }

// After returns the newest events after sequence number seq that the
// filter selects, oldest first, at most limit of them.
func (f *Feed) After(q Filter, seq uint64, limit int) []Event {
	out := f.recent(q, seq, limit)
	slices.Reverse(out)
	return out
}

func (f *Feed) recent(q Filter, after uint64, limit int) []Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Event
	n := len(f.ring)
	for i := 1; i <= n && len(out) < limit; i++ {
		e := f.ring[((f.next-i)%n+n)%n]
		if e.Seq <= after {
			break
		}
		if q.Match(e) {
			out = append(out, e)
		}
	}
	return out
}

// Last is the sequence number of the newest event.
func (f *Feed) Last() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seq
}

// Types lists the event types the feed keeps, in name order.
func (f *Feed) Types() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := map[string]bool{}
	for _, e := range f.ring {
		seen[e.Type] = true
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Orders returns the kept orders whose id starts with prefix, the most
// recently placed first: limit of them after skipping the first skip. It
// also returns how many orders match, and how many of them are in each
// status.
func (f *Feed) Orders(prefix string, skip, limit int) (page []Order, matching int, byStatus map[string]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	byStatus = map[string]int{}
	for i := len(f.orderIDs) - 1; i >= 0; i-- {
		o := f.orders[f.orderIDs[i]]
		if !strings.HasPrefix(o.ID, prefix) {
			continue
		}
		if matching >= skip && len(page) < limit {
			page = append(page, o.Order)
		}
		matching++
		byStatus[o.Status]++
	}
	return page, matching, byStatus
}

// Order returns one order and its events, oldest first.
func (f *Feed) Order(id string) (Order, []Event, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orders[id]
	if !ok {
		return Order{}, nil, false
	}
	evs := append([]Event(nil), o.events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Time.Before(evs[j].Time) })
	return o.Order, evs, true
}

// Subscribe returns a channel receiving every event added from now on,
// and a function that ends the subscription. A subscriber that falls more
// than subscriberBuffer events behind misses events rather than slowing
// the feed.
func (f *Feed) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, subscriberBuffer)
	f.mu.Lock()
	f.subs[ch] = struct{}{}
	f.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			f.mu.Lock()
			delete(f.subs, ch)
			f.mu.Unlock()
		})
	}
}

// orderID is the orderId field of an event's data, if any.
func orderID(data json.RawMessage) string {
	var d struct {
		OrderID string `json:"orderId"`
	}
	if json.Unmarshal(data, &d) != nil {
		return ""
	}
	return d.OrderID
}

// detail picks the fields of an event's data that say what happened, as
// make demo's timeline shows them.
func detail(e events.Envelope) string {
	var d map[string]json.RawMessage
	if json.Unmarshal(e.Data, &d) != nil {
		return ""
	}
	var parts []string
	for _, k := range []string{"sku", "reason", "total", "amount", "paymentId", "shortages", "carrier", "trackingNumber"} {
		v, ok := d[k]
		if !ok {
			continue
		}
		var m events.Money
		var text string
		switch {
		case (k == "total" || k == "amount") && json.Unmarshal(v, &m) == nil && m.Currency != "":
			parts = append(parts, fmt.Sprintf("%s %d.%02d %s", k, m.Amount/100, m.Amount%100, m.Currency))
		case json.Unmarshal(v, &text) == nil:
			parts = append(parts, k+" "+text)
		default:
			parts = append(parts, k+" "+string(v))
		}
	}
	return strings.Join(parts, ", ")
}
