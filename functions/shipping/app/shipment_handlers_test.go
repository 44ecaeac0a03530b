package app_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// published is one event the recording publisher saw, with the key and
// time that make its id.
type published struct {
	key   string
	at    time.Time
	event events.Event
}

// recordingPublisher keeps what it is asked to publish; it fails while
// failing is set, as the bus does during an outage.
type recordingPublisher struct {
	mu      sync.Mutex
	failing bool
	events  []published
}

func (p *recordingPublisher) PublishOnce(_ context.Context, key string, at time.Time, e events.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failing {
		return errors.New("event bus unavailable")
	}
	p.events = append(p.events, published{key: key, at: at, event: e})
	return nil
}

var now = func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }

func TestShipmentHandlers(t *testing.T) {
	ctx := context.Background()
	confirmed := app.ScheduleShipment{OrderID: "order-1", CustomerID: "alice", Lines: []domain.Line{{SKU: "MUG", Quantity: 2}}}
	type fixture struct {
		repo     *adapters.ShipmentMemoryRepository
		pub      *recordingPublisher
		schedule app.ScheduleShipmentHandler
		cancel   app.CancelShipmentHandler
		read     app.ShipmentByOrderHandler
	}
	newFixture := func() fixture {
		repo, pub := adapters.NewShipmentMemoryRepository(), &recordingPublisher{}
		return fixture{repo: repo, pub: pub,
			schedule: app.NewScheduleShipmentHandler(repo, pub, now),
			cancel:   app.NewCancelShipmentHandler(repo, now),
			read:     app.NewShipmentByOrderHandler(repo)}
	}
	t.Run("a confirmed order gets one shipment, announced with its carrier and tracking number", func(t *testing.T) {
		f := newFixture()
		if err := f.schedule.Handle(ctx, confirmed); err != nil {
			t.Fatal(err)
		}
		s, err := f.read.Handle(ctx, app.ShipmentByOrder{OrderID: "order-1", Subject: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.pub.events) != 1 || f.pub.events[0].key != "order-1" || !f.pub.events[0].at.Equal(now()) {
			t.Fatalf("published %+v, want one event keyed by the order, at the scheduling", f.pub.events)
		}
		e, ok := f.pub.events[0].event.(events.ShipmentScheduled)
		if !ok || e.OrderID != "order-1" || e.ShipmentID != s.ShipmentID() || e.Carrier != s.Carrier() || e.TrackingNumber != s.TrackingID() ||
			e.ShipBy != s.ShipBy() || len(e.Lines) != 1 || e.Lines[0] != (events.StockLine{SKU: "MUG", Quantity: 2}) || s.Status() != domain.StatusScheduled {
			t.Fatalf("event %+v does not match shipment %+v", f.pub.events[0].event, s)
		}
	})
	t.Run("a repeated confirmation announces the same shipment with the same id", func(t *testing.T) {
		f := newFixture()
		for range 2 {
			if err := f.schedule.Handle(ctx, confirmed); err != nil {
				t.Fatal(err)
			}
		}
		if len(f.pub.events) != 2 || !reflect.DeepEqual(f.pub.events[0], f.pub.events[1]) {
			t.Fatalf("published %+v, want the same event twice", f.pub.events)
		}
	})
	t.Run("a failed publish fails the handling and the retry announces the stored shipment", func(t *testing.T) {
		f := newFixture()
		f.pub.failing = true
		if err := f.schedule.Handle(ctx, confirmed); err == nil {
			t.Fatal("a failed publish must fail the handling, so the message is retried")
		}
		f.pub.failing = false
		retry := app.NewScheduleShipmentHandler(f.repo, f.pub, func() time.Time { return now().Add(time.Minute) })
		if err := retry.Handle(ctx, confirmed); err != nil {
			t.Fatal(err)
		}
		if len(f.pub.events) != 1 || !f.pub.events[0].at.Equal(now()) {
			t.Fatalf("published %+v, want the shipment stored by the first attempt", f.pub.events)
		}
	})
	t.Run("a cancel after scheduling cancels the shipment", func(t *testing.T) {
		f := newFixture()
		if err := f.schedule.Handle(ctx, confirmed); err != nil {
			t.Fatal(err)
		}
		s, err := f.cancel.Handle(ctx, app.CancelShipment{OrderID: "order-1"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Status() != domain.StatusCancelled || !s.Scheduled() || !s.CancelledAt().Equal(now()) {
			t.Fatalf("shipment %+v, want the scheduled shipment cancelled", s)
		}
	})
	t.Run("a cancel that comes before the confirmation keeps it from scheduling or announcing anything", func(t *testing.T) {
		f := newFixture()
		if _, err := f.cancel.Handle(ctx, app.CancelShipment{OrderID: "order-1"}); err != nil {
			t.Fatal(err)
		}
		if err := f.schedule.Handle(ctx, confirmed); err != nil {
			t.Fatal(err)
		}
		if len(f.pub.events) != 0 {
			t.Fatalf("published %+v after the cancel, want nothing", f.pub.events)
		}
		if _, err := f.read.Handle(ctx, app.ShipmentByOrder{OrderID: "order-1", Admin: true}); !errors.Is(err, domain.ErrShipmentNotFound) {
			t.Fatalf("reading the cancelled order's shipment: %v, want not found", err)
		}
	})
	t.Run("another customer does not see the shipment", func(t *testing.T) {
		f := newFixture()
		if err := f.schedule.Handle(ctx, confirmed); err != nil {
			t.Fatal(err)
		}
		if _, err := f.read.Handle(ctx, app.ShipmentByOrder{OrderID: "order-1", Subject: "bob"}); !errors.Is(err, domain.ErrShipmentNotFound) {
			t.Fatalf("bob reads alice's shipment: %v, want not found", err)
		}
	})
}
