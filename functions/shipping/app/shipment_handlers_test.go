package app_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

var now = func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }

func TestShipmentHandlers(t *testing.T) {
	ctx := context.Background()
	confirmed := app.ScheduleShipment{OrderID: "order-1", CustomerID: "alice", Lines: []domain.Line{{SKU: "MUG", Quantity: 2}}}
	type fixture struct {
		repo     *adapters.ShipmentMemoryRepository
		schedule app.ScheduleShipmentHandler
		cancel   app.CancelShipmentHandler
		read     app.ShipmentByOrderHandler
	}
	newFixture := func() fixture {
		repo := adapters.NewShipmentMemoryRepository()
		return fixture{repo: repo,
			schedule: app.NewScheduleShipmentHandler(repo, now),
			cancel:   app.NewCancelShipmentHandler(repo, now),
			read:     app.NewShipmentByOrderHandler(repo)}
	}
	// announced is the event the order's stored shipment announces, as
	// shipping-publisher would send it, or nil.
	announced := func(t *testing.T, f fixture) events.Event {
		t.Helper()
		s, err := f.repo.Shipment(ctx, "order-1")
		if err != nil {
			t.Fatal(err)
		}
		e, _, ok := app.Announcement(s)
		if !ok {
			return nil
		}
		return e
	}

	t.Run("a confirmed order gets one shipment, announced with its carrier and tracking number", func(t *testing.T) {
		f := newFixture()
		got, err := f.schedule.Handle(ctx, confirmed)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.read.Handle(ctx, app.ShipmentByOrder{OrderID: "order-1", Subject: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		if got.ShipmentID() != s.ShipmentID() {
			t.Errorf("returned shipment %s, stored %s", got.ShipmentID(), s.ShipmentID())
		}
		e, ok := announced(t, f).(events.ShipmentScheduled)
		if !ok || e.OrderID != "order-1" || e.ShipmentID != s.ShipmentID() || e.Carrier != s.Carrier() || e.TrackingNumber != s.TrackingID() ||
			e.ShipBy != s.ShipBy() || len(e.Lines) != 1 || e.Lines[0] != (events.StockLine{SKU: "MUG", Quantity: 2}) ||
			!e.ScheduledAt.Equal(now()) || s.Status() != domain.StatusScheduled {
			t.Fatalf("announcement %+v does not match shipment %+v", announced(t, f), s)
		}
		if _, at, _ := app.Announcement(s); !at.Equal(now()) {
			t.Errorf("announced at %v, want the scheduling %v", at, now())
		}
	})
	t.Run("a repeated confirmation finds the stored shipment and counts one order shipped", func(t *testing.T) {
		f := newFixture()
		var out bytes.Buffer
		batch := metrics.New(metrics.Namespace, &out, map[string]string{metrics.DimService: "shipping"}).Begin()
		mctx := metrics.NewContext(ctx, batch)
		first, err := f.schedule.Handle(mctx, confirmed)
		if err != nil {
			t.Fatal(err)
		}
		later := app.NewScheduleShipmentHandler(f.repo, func() time.Time { return now().Add(time.Minute) })
		again, err := later.Handle(mctx, confirmed)
		if err != nil {
			t.Fatal(err)
		}
		if !again.ScheduledAt().Equal(first.ScheduledAt()) || again.ShipmentID() != first.ShipmentID() {
			t.Fatalf("the repeat returned %+v, want the first shipment %+v", again, first)
		}
		if err := batch.Flush(); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), `"`+metrics.MetricOrdersShipped+`":1`) {
			t.Errorf("no %s of 1 in the metrics:\n%s", metrics.MetricOrdersShipped, out.String())
		}
	})
	t.Run("a cancel after scheduling cancels the shipment, which announces nothing more", func(t *testing.T) {
		f := newFixture()
		if _, err := f.schedule.Handle(ctx, confirmed); err != nil {
			t.Fatal(err)
		}
		s, err := f.cancel.Handle(ctx, app.CancelShipment{OrderID: "order-1"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Status() != domain.StatusCancelled || !s.Scheduled() || !s.CancelledAt().Equal(now()) {
			t.Fatalf("shipment %+v, want the scheduled shipment cancelled", s)
		}
		if e := announced(t, f); e != nil {
			t.Errorf("the cancelled shipment announces %v", e)
		}
	})
	t.Run("a cancel that comes before the confirmation keeps it from scheduling or announcing anything", func(t *testing.T) {
		f := newFixture()
		if _, err := f.cancel.Handle(ctx, app.CancelShipment{OrderID: "order-1"}); err != nil {
			t.Fatal(err)
		}
		s, err := f.schedule.Handle(ctx, confirmed)
		if err != nil {
			t.Fatal(err)
		}
		if s.Scheduled() || s.Status() != domain.StatusCancelled {
			t.Fatalf("the late confirmation stored %+v", s)
		}
		if e := announced(t, f); e != nil {
			t.Fatalf("the cancellation mark announces %v, want nothing", e)
		}
		if _, err := f.read.Handle(ctx, app.ShipmentByOrder{OrderID: "order-1", Admin: true}); !errors.Is(err, domain.ErrShipmentNotFound) {
			t.Fatalf("reading the cancelled order's shipment: %v, want not found", err)
		}
	})
	t.Run("another customer does not see the shipment", func(t *testing.T) {
		f := newFixture()
		if _, err := f.schedule.Handle(ctx, confirmed); err != nil {
			t.Fatal(err)
		}
		if _, err := f.read.Handle(ctx, app.ShipmentByOrder{OrderID: "order-1", Subject: "bob"}); !errors.Is(err, domain.ErrShipmentNotFound) {
			t.Fatalf("bob reads alice's shipment: %v, want not found", err)
		}
	})
}
