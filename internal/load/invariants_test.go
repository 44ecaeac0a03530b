package load

import (
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// ev is an event about an order, at a number of milliseconds after t0.
func ev(orderID, id, typ string, ms int, amount int64) Event {
	at := t0.Add(time.Duration(ms) * time.Millisecond)
	return Event{ID: id, Type: typ, OrderID: orderID, Time: at, Received: at.Add(time.Millisecond), Amount: amount}
}

// shippedOrder is an order of two units of A at 1000 that went all the
// way: its events as the platform publishes them.
func shippedOrder(id string) *Order {
	o := &Order{ID: id, Kind: KindRegular, Lines: []Line{{SKU: "A", Quantity: 2}}, Total: 2000, Due: t0, Sent: t0}
	for i, e := range []Event{
		ev(id, id+"-placed", events.TypeOrderPlaced, 10, 2000),
		ev(id, id+"-reserved", events.TypeStockReserved, 20, 2000),
		ev(id, id+"-authorised", events.TypePaymentAuthorized, 30, 2000),
		ev(id, id+"-confirmed", events.TypeOrderConfirmed, 40, 2000),
		{ID: id + "-scheduled", Type: events.TypeShipmentScheduled, OrderID: id, Time: t0.Add(50 * time.Millisecond), ShipmentID: "ship-" + id},
		{ID: id + "-shipped", Type: events.TypeOrderShipped, OrderID: id, Time: t0.Add(60 * time.Millisecond), ShipmentID: "ship-" + id},
	} {
		if !o.observe(e) {
			panic(i)
		}
	}
	return o
}

// cancelledOrder is an order of one unit of A its customer cancelled
// after its payment was authorised: stock released, money refunded.
func cancelledOrder(id string) *Order {
	o := &Order{ID: id, Kind: KindCancelLate, Lines: []Line{{SKU: "A", Quantity: 1}}, Total: 1000, Due: t0, Sent: t0}
	cancelled := ev(id, id+"-cancelled", events.TypeOrderCancelled, 35, 0)
	cancelled.Reason = string(events.CancelCustomerRequest)
	for _, e := range []Event{
		ev(id, id+"-placed", events.TypeOrderPlaced, 10, 1000),
		ev(id, id+"-reserved", events.TypeStockReserved, 20, 1000),
		ev(id, id+"-authorised", events.TypePaymentAuthorized, 30, 1000),
		cancelled,
		ev(id, id+"-released", events.TypeStockReleased, 45, 0),
		ev(id, id+"-refunded", events.TypePaymentRefunded, 55, 1000),
	} {
		o.observe(e)
	}
	return o
}

// healthy is the evidence of a run that went right: one order shipped,
// one cancelled and made whole, stock and ledger to match.
func healthy() Evidence {
	return Evidence{
		Orders: []*Order{shippedOrder("o1"), cancelledOrder("o2")},
		Stock:  []StockEvidence{{SKU: "A", Seeded: 10, Level: StockLevel{OnHand: 8, Reserved: 0, Available: 8}}},
		Ledger: []pspsim.Entry{
			{Kind: pspsim.KindAuthorization, OrderID: "o1", Amount: pspsim.Money{Amount: 2000, Currency: "EUR"}},
			{Kind: pspsim.KindAuthorization, OrderID: "o2", Amount: pspsim.Money{Amount: 1000, Currency: "EUR"}},
			{Kind: pspsim.KindRefund, OrderID: "o2", Amount: pspsim.Money{Amount: 1000, Currency: "EUR"}},
		},
		DLQs: map[string]int{"conveyor-local-orders-saga-dlq": 0},
	}
}

func failed(invs []Invariant) map[string]string {
	out := map[string]string{}
	for _, inv := range invs {
		if !inv.OK {
			out[inv.Name] = inv.Detail
		}
	}
	return out
}

func TestInvariants(t *testing.T) {
	tests := []struct {
		name string
		// breakIt changes the healthy evidence; nil leaves it as it is.
		breakIt func(*Evidence)
		// want is the one invariant that must fail, with a word of its
		// detail; empty: every invariant holds.
		want, detail string
	}{
		{name: "a healthy run keeps every invariant"},
		{
			name: "an event delivered twice is not a duplicate",
			breakIt: func(e *Evidence) {
				o := e.Orders[0]
				for _, again := range o.Events() {
					o.observe(again)
				}
			},
		},
		{
			name: "a second OrderShipped for one order is a duplicate shipment",
			breakIt: func(e *Evidence) {
				e.Orders[0].observe(Event{ID: "o1-shipped-again", Type: events.TypeOrderShipped, OrderID: "o1", Time: t0.Add(time.Second), ShipmentID: "ship-o1"})
			},
			want: InvariantNoDupShip, detail: "shipped 2 times",
		},
		{
			name: "two orders sharing a shipment is a duplicate shipment",
			breakIt: func(e *Evidence) {
				o3 := shippedOrder("o3")
				for i := range o3.events {
					if o3.events[i].ShipmentID != "" {
						o3.events[i].ShipmentID = "ship-o1"
					}
				}
				e.Orders = append(e.Orders, o3)
				e.Stock[0].Level = StockLevel{OnHand: 6, Available: 6}
				e.Ledger = append(e.Ledger, pspsim.Entry{Kind: pspsim.KindAuthorization, OrderID: "o3", Amount: pspsim.Money{Amount: 2000}})
			},
			want: InvariantNoDupShip, detail: "share shipment ship-o1",
		},
		{
			name: "stock left reserved breaks stock conservation",
			breakIt: func(e *Evidence) {
				e.Stock[0].Level = StockLevel{OnHand: 8, Reserved: 1, Available: 7}
			},
			want: InvariantStock, detail: "1 reserved",
		},
		{
			name: "stock that did not leave for a shipped order breaks stock conservation",
			breakIt: func(e *Evidence) {
				e.Stock[0].Level = StockLevel{OnHand: 10, Available: 10}
			},
			want: InvariantStock, detail: "want 8 on hand",
		},
		{
			name: "a cancelled order whose refund is missing breaks money on the bus",
			breakIt: func(e *Evidence) {
				o := e.Orders[1]
				var kept []Event
				for _, x := range o.events {
					if x.Type != events.TypePaymentRefunded {
						kept = append(kept, x)
					}
				}
				o.events = kept
			},
			want: InvariantMoneyBus, detail: "order o2",
		},
		{
			name: "a refund heard without its authorisation settles one a cancel overtook",
			breakIt: func(e *Evidence) {
				o := e.Orders[1]
				var kept []Event
				for _, x := range o.events {
					if x.Type != events.TypePaymentAuthorized {
						kept = append(kept, x)
					}
				}
				o.events = kept
			},
		},
		{
			name: "a second authorisation at the provider is a duplicate charge and breaks its money",
			breakIt: func(e *Evidence) {
				e.Ledger = append(e.Ledger, pspsim.Entry{Kind: pspsim.KindAuthorization, OrderID: "o1", Amount: pspsim.Money{Amount: 2000}})
			},
			want: InvariantNoDupCharge + "|" + InvariantMoneyLedger, detail: "2 provider authorization entries",
		},
		{
			name: "a second PaymentAuthorized with its own id is a duplicate charge",
			breakIt: func(e *Evidence) {
				e.Orders[0].observe(ev("o1", "o1-authorised-again", events.TypePaymentAuthorized, 70, 2000))
				e.Orders[0].observe(ev("o1", "o1-refund-of-the-extra", events.TypePaymentRefunded, 80, 2000))
			},
			want: InvariantNoDupCharge, detail: "2 PaymentAuthorized",
		},
		{
			name: "a message in a dead-letter queue is reported",
			breakIt: func(e *Evidence) {
				e.DLQs["conveyor-local-orders-saga-dlq"] = 1
			},
			want: InvariantDLQsEmpty, detail: "holds 1 messages",
		},
		{
			name: "a provider's ledger that cannot be read skips its check",
			breakIt: func(e *Evidence) {
				e.Ledger = nil
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := healthy()
			if tc.breakIt != nil {
				tc.breakIt(&e)
			}
			got := failed(Check(e))
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("invariants broke: %v", got)
				}
				return
			}
			wanted := strings.Split(tc.want, "|")
			for _, name := range wanted {
				if _, ok := got[name]; !ok {
					t.Errorf("%q holds; every failure: %v", name, got)
				}
			}
			if len(got) != len(wanted) {
				t.Errorf("want only %v to fail, got %v", wanted, got)
			}
			if !strings.Contains(got[wanted[0]], tc.detail) {
				t.Errorf("the detail of %q is %q, want it to say %q", wanted[0], got[wanted[0]], tc.detail)
			}
		})
	}
}

func TestOutcome(t *testing.T) {
	t.Run("a shipped order settles at its OrderShipped", func(t *testing.T) {
		c := shippedOrder("o1").Outcome()
		if !c.Settled || c.Status != StatusShipped || !c.At.Equal(t0.Add(60*time.Millisecond)) {
			t.Fatalf("outcome %+v", c)
		}
	})
	t.Run("a cancelled order settles once its stock is released and its money refunded", func(t *testing.T) {
		o := cancelledOrder("o2")
		c := o.Outcome()
		if !c.Settled || c.Label() != "CANCELLED customer_request" || !c.At.Equal(t0.Add(55*time.Millisecond)) {
			t.Fatalf("outcome %+v", c)
		}
		if d, ok := o.SagaLatency(); !ok || d != 55*time.Millisecond {
			t.Fatalf("saga latency %s %v, want 55ms", d, ok)
		}
	})
	t.Run("a cancelled order still holding its payment has not settled", func(t *testing.T) {
		o := &Order{ID: "o3"}
		o.observe(ev("o3", "a", events.TypeStockReserved, 10, 0))
		o.observe(ev("o3", "b", events.TypePaymentAuthorized, 20, 0))
		o.observe(ev("o3", "c", events.TypeOrderCancelled, 30, 0))
		o.observe(ev("o3", "d", events.TypeStockReleased, 40, 0))
		if c := o.Outcome(); c.Settled {
			t.Fatalf("settled: %+v", c)
		}
	})
}

func TestTrackerMatchesEventsHeardBeforeTheOrderIsKnown(t *testing.T) {
	var cancelled []string
	tr := newTracker(func(o *Order) { cancelled = append(cancelled, o.ID) })
	tr.observe(ev("o1", "a", events.TypeStockReserved, 10, 0))
	tr.observe(ev("o1", "b", events.TypePaymentAuthorized, 20, 1000))
	tr.observe(ev("o1", "b", events.TypePaymentAuthorized, 20, 1000))
	o := &Order{ID: "o1", Kind: KindCancelLate}
	tr.register(o)
	if len(o.Events()) != 2 {
		t.Fatalf("events %+v, want the two heard before", o.Events())
	}
	if len(cancelled) != 1 || cancelled[0] != "o1" {
		t.Fatalf("late cancels %v, want o1 once", cancelled)
	}
	if tr.pending() != 1 {
		t.Fatalf("pending %d, want 1", tr.pending())
	}
	shipped := Event{ID: "c", Type: events.TypeOrderShipped, OrderID: "o1", Time: t0}
	tr.observe(shipped)
	tr.observe(shipped)
	if tr.pending() != 0 {
		t.Fatalf("pending %d after OrderShipped, want 0", tr.pending())
	}
	if heard, fresh := tr.counts(); heard != 5 || fresh != 3 {
		t.Fatalf("heard %d, fresh %d; want 5 and 3", heard, fresh)
	}
}

func TestTheMixDealsEachKindInProportion(t *testing.T) {
	s := newSequence(Mix{OutOfStock: 0.05, Declined: 0.05, CancelEarly: 0.05, CancelLate: 0.05})
	counts := map[Kind]int{}
	for range 20 {
		counts[s.next()]++
	}
	want := map[Kind]int{KindRegular: 16, KindOutOfStock: 1, KindDeclined: 1, KindCancelEarly: 1, KindCancelLate: 1}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s: %d in 20, want %d (all: %v)", k, counts[k], n, counts)
		}
	}
}

func TestPercentilesAreNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	p := percentiles(ds)
	if p.P50 != Millis(50*time.Millisecond) || p.P90 != Millis(90*time.Millisecond) || p.P99 != Millis(99*time.Millisecond) || p.Max != Millis(100*time.Millisecond) || p.Count != 100 {
		t.Fatalf("percentiles %+v", p)
	}
}

func TestParseEventReadsAnEventBridgeMessage(t *testing.T) {
	body := `{"version":"0","id":"x","detail-type":"PaymentAuthorized","source":"conveyor.payments","time":"2026-12-01T10:00:00Z",
	"detail":{"id":"evt-1","type":"PaymentAuthorized","version":1,"source":"conveyor.payments","time":"2026-12-01T10:00:00.123Z",
	"correlationId":"c","data":{"orderId":"o1","paymentId":"p","amount":{"amount":2599,"currency":"EUR"},"authorizedAt":"2026-12-01T10:00:00.123Z"}}}`
	e, err := ParseEvent([]byte(body), t0)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "evt-1" || e.Type != events.TypePaymentAuthorized || e.OrderID != "o1" || e.Amount != 2599 || !e.Time.Equal(t0.Add(123*time.Millisecond)) {
		t.Fatalf("event %+v", e)
	}
	if _, err := ParseEvent([]byte(`{"detail":{"id":"p1","type":"ProductUpserted","data":{"sku":"A"}}}`), t0); err == nil {
		t.Fatal("an event about no order was taken")
	}
}
