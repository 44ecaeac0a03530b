package console_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/internal/console"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// envelope is an event of type about order at t0 plus ms milliseconds.
func envelope(id, typ, order string, ms int, data map[string]any) events.Envelope {
	if data == nil {
		data = map[string]any{}
	}
	data["orderId"] = order
	raw, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	return events.Envelope{ID: id, Type: typ, Version: 1, Source: "conveyor.orders", Time: t0.Add(time.Duration(ms) * time.Millisecond),
		CorrelationID: "corr-" + order, Data: raw}
}

// putEvents is the body of a PutEvents request carrying envs.
func putEvents(envs ...events.Envelope) []byte {
	type entry struct {
		Source, DetailType, Detail, EventBusName string
	}
	var req struct{ Entries []entry }
	for _, e := range envs {
		d, err := json.Marshal(e)
		if err != nil {
			panic(err)
		}
		req.Entries = append(req.Entries, entry{Source: e.Source, DetailType: e.Type, Detail: string(d), EventBusName: "conveyor-local"})
	}
	b, err := json.Marshal(req)
	if err != nil {
		panic(err)
	}
	return b
}

func TestFeedIndexesOrdersByTheirEvents(t *testing.T) {
	f := console.NewFeed(0, 0)
	f.ObservePutEvents(putEvents(
		envelope("e1", events.TypeOrderPlaced, "O-1", 0, map[string]any{"total": map[string]any{"amount": 1250, "currency": "EUR"}}),
		envelope("e2", events.TypeOrderShipped, "O-1", 30, nil),
		// A late OrderConfirmed does not move a shipped order back.
		envelope("e3", events.TypeOrderConfirmed, "O-1", 20, nil),
		envelope("e4", events.TypeOrderCancelled, "O-2", 5, map[string]any{"reason": "out_of_stock"}),
	))
	// A repeated delivery is kept once.
	f.ObservePutEvents(putEvents(envelope("e2", events.TypeOrderShipped, "O-1", 30, nil)))
	// Another source's events are not the platform's.
	other := envelope("x1", events.TypeOrderPlaced, "O-3", 0, nil)
	other.Source = "aws.s3"
	f.ObservePutEvents(putEvents(other))

	o, evs, ok := f.Order("O-1")
	if !ok {
		t.Fatal("O-1 not indexed")
	}
	t.Run("the status is the furthest the order's events take it", func(t *testing.T) {
		if o.Status != console.StatusShipped || o.LastType != events.TypeOrderShipped || o.Events != 3 {
			t.Errorf("O-1 = %+v, want SHIPPED after 3 events", o)
		}
	})
	t.Run("the timeline is in the events' own time order", func(t *testing.T) {
		var types []string
		for _, e := range evs {
			types = append(types, e.Type)
		}
		if fmt.Sprint(types) != "[OrderPlaced OrderConfirmed OrderShipped]" {
			t.Errorf("timeline %v", types)
		}
		if evs[0].Detail != "total 12.50 EUR" {
			t.Errorf("detail %q, want the total", evs[0].Detail)
		}
	})
	t.Run("a cancelled order keeps its reason", func(t *testing.T) {
		o2, _, _ := f.Order("O-2")
		if o2.Status != console.StatusCancelled || o2.Reason != "out_of_stock" {
			t.Errorf("O-2 = %+v", o2)
		}
	})
	t.Run("orders list newest placed first, and only the platform's", func(t *testing.T) {
		list, total, byStatus := f.Orders("", 0, 10)
		if total != 2 || len(list) != 2 || list[0].ID != "O-2" || byStatus[console.StatusShipped] != 1 || byStatus[console.StatusCancelled] != 1 {
			t.Errorf("orders %+v (total %d, %v)", list, total, byStatus)
		}
		if list, _, _ := f.Orders("", 1, 10); len(list) != 1 || list[0].ID != "O-1" {
			t.Errorf("second page %+v, want O-1", list)
		}
	})
	t.Run("filters select by type, order and correlation", func(t *testing.T) {
		if n := len(f.Recent(console.Filter{Type: "ordershipped"}, 10)); n != 1 {
			t.Errorf("%d shipped events, want 1", n)
		}
		if n := len(f.Recent(console.Filter{CorrelationID: "corr-O-2"}, 10)); n != 1 {
			t.Errorf("%d events of corr-O-2, want 1", n)
		}
		if n := len(f.Recent(console.Filter{OrderID: "O-1"}, 10)); n != 3 {
			t.Errorf("%d events of O-1, want 3", n)
		}
	})
}

func TestFeedKeepsTheNewestWithinItsBounds(t *testing.T) {
	f := console.NewFeed(10, 3)
	for i := range 25 {
		f.Add(envelope(fmt.Sprintf("e%d", i), events.TypeOrderPlaced, fmt.Sprintf("O-%d", i), i, nil))
	}
	recent := f.Recent(console.Filter{}, 100)
	if len(recent) != 10 || recent[0].ID != "e24" || recent[9].ID != "e15" {
		t.Errorf("kept %d events from %s to %s, want e24 to e15", len(recent), recent[0].ID, recent[len(recent)-1].ID)
	}
	if list, total, _ := f.Orders("", 0, 100); total != 3 || list[0].ID != "O-24" || list[2].ID != "O-22" {
		t.Errorf("kept orders %+v, want O-24 to O-22", list)
	}
	t.Run("an event that fell out of the ring can be kept again", func(t *testing.T) {
		f.Add(envelope("e0", events.TypeOrderPlaced, "O-0", 0, nil))
		if got := f.Recent(console.Filter{}, 1); got[0].ID != "e0" {
			t.Errorf("newest %s, want e0 again", got[0].ID)
		}
	})
	t.Run("After gives what came since a sequence number, oldest first", func(t *testing.T) {
		last := f.Last()
		f.Add(envelope("n1", events.TypeOrderShipped, "O-24", 50, nil))
		f.Add(envelope("n2", events.TypeOrderShipped, "O-23", 51, nil))
		got := f.After(console.Filter{}, last, 100)
		if len(got) != 2 || got[0].ID != "n1" || got[1].ID != "n2" {
			t.Errorf("after %d: %+v", last, got)
		}
	})
}

func TestFeedHandsNewEventsToSubscribersWithoutBlocking(t *testing.T) {
	f := console.NewFeed(0, 0)
	live, stop := f.Subscribe()
	f.Add(envelope("e1", events.TypeOrderPlaced, "O-1", 0, nil))
	select {
	case e := <-live:
		if e.ID != "e1" {
			t.Errorf("got %s", e.ID)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event reached the subscriber")
	}
	// A subscriber that reads nothing never holds the feed up.
	for i := range 1000 {
		f.Add(envelope(fmt.Sprintf("b%d", i), events.TypeOrderPlaced, "O-2", i, nil))
	}
	stop()
	stop()
	f.Add(envelope("after", events.TypeOrderPlaced, "O-3", 0, nil))
}
