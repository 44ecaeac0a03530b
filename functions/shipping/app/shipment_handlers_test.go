package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// recordingPublisher keeps what it is asked to publish.
type recordingPublisher struct {
	mu   sync.Mutex
	envs []events.Envelope
}

func (p *recordingPublisher) PublishEnvelopes(_ context.Context, envs ...events.Envelope) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.envs = append(p.envs, envs...)
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
		if len(f.pub.envs) != 1 || f.pub.envs[0].Type != events.TypeShipmentScheduled || f.pub.envs[0].ID != app.EventID("order-1") {
			t.Fatalf("published %+v, want one ShipmentScheduled with the order's stable id", f.pub.envs)
		}
		var e events.ShipmentScheduled
		if err := json.Unmarshal(f.pub.envs[0].Data, &e); err != nil {
			t.Fatal(err)
		}
		if e.ShipmentID != s.ShipmentID || e.Carrier != s.Carrier || e.TrackingNumber != s.TrackingID || s.Status != domain.StatusScheduled {
			t.Fatalf("event %+v does not match shipment %+v", e, s)
		}
	})
	t.Run("a repeated confirmation announces the same shipment with the same id", func(t *testing.T) {
		f := newFixture()
		for range 2 {
			if err := f.schedule.Handle(ctx, confirmed); err != nil {
				t.Fatal(err)
			}
		}
		if len(f.pub.envs) != 2 || f.pub.envs[0].ID != f.pub.envs[1].ID || string(f.pub.envs[0].Data) != string(f.pub.envs[1].Data) {
			t.Fatalf("published %+v, want the same event twice", f.pub.envs)
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
		if s.Status != domain.StatusCancelled || !s.Scheduled() {
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
		if len(f.pub.envs) != 0 {
			t.Fatalf("published %+v after the cancel, want nothing", f.pub.envs)
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
