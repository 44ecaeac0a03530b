package ports_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/functions/shipping/ports"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/consumer/consumertest"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// fixture is shipping's application on the memory repository, with its
// event port registered with a consumer.
type fixture struct {
	repo *adapters.ShipmentMemoryRepository
	app  app.Application
	c    *consumer.Consumer
	log  bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{repo: adapters.NewShipmentMemoryRepository()}
	f.app = app.Application{
		ScheduleShipment: app.NewScheduleShipmentHandler(f.repo, clock),
		CancelShipment:   app.NewCancelShipmentHandler(f.repo, clock),
		ShipmentByOrder:  app.NewShipmentByOrderHandler(f.repo),
		Health:           f.repo,
	}
	f.c = consumertest.New(t, shipping.SagaFunction, slog.New(slog.NewJSONHandler(&f.log, nil)))
	ports.RegisterEventHandlers(f.c, f.app)
	return f
}

// deliver hands e, from orders, to the consumer as one SQS message and
// reports whether the consumer failed it.
func (f *fixture) deliver(t *testing.T, e events.Event) bool {
	t.Helper()
	return consumertest.Deliver(t, f.c, "conveyor.orders", now, e)
}

// schedule stores the shipment of order-1 for alice through the use case.
func (f *fixture) schedule(t *testing.T) {
	t.Helper()
	if _, err := f.app.ScheduleShipment.Handle(t.Context(), app.ScheduleShipment{
		OrderID: "order-1", CustomerID: "alice", Lines: []domain.Line{{SKU: "MUG", Quantity: 2}},
	}); err != nil {
		t.Fatal(err)
	}
}

var confirmed = events.OrderConfirmed{
	OrderID: "order-1", CustomerID: "alice", ConfirmedAt: now,
	Lines: []events.OrderLine{{SKU: "MUG", Quantity: 2, UnitPrice: events.Money{Amount: 1250, Currency: "EUR"}}},
	Total: events.Money{Amount: 2500, Currency: "EUR"},
}

func TestEventHandlersMapEachEventToItsCommand(t *testing.T) {
	cancelled := events.OrderCancelled{OrderID: "order-1", Reason: events.CancelCustomerRequest, CancelledAt: now}
	cases := []struct {
		name      string
		scheduled bool // order-1 has a shipment before the event
		event     events.Event
		status    domain.Status
		shipped   bool   // a shipment was scheduled for order-1
		announced string // the event the stored shipment announces
	}{
		{"OrderConfirmed schedules the order's shipment, to be announced as ShipmentScheduled",
			false, confirmed, domain.StatusScheduled, true, events.TypeShipmentScheduled},
		{"OrderCancelled cancels the order's shipment, which announces nothing more",
			true, cancelled, domain.StatusCancelled, true, ""},
		{"OrderCancelled before any confirmation leaves a cancellation",
			false, cancelled, domain.StatusCancelled, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if c.scheduled {
				f.schedule(t)
			}
			if f.deliver(t, c.event) {
				t.Fatal("the consumer failed the event")
			}
			s, err := f.repo.Shipment(t.Context(), "order-1")
			if err != nil {
				t.Fatal(err)
			}
			if s.Status() != c.status || s.Scheduled() != c.shipped {
				t.Errorf("shipment %s (scheduled: %v), want %s (%v)", s.Status(), s.Scheduled(), c.status, c.shipped)
			}
			var announced string
			if e, _, ok := app.Announcement(s); ok {
				announced = e.EventType()
			}
			if announced != c.announced {
				t.Errorf("the shipment announces %q, want %q", announced, c.announced)
			}
		})
	}
	t.Run("the confirmation's customer and lines reach the shipment", func(t *testing.T) {
		f := newFixture(t)
		if f.deliver(t, confirmed) {
			t.Fatal("the consumer failed the event")
		}
		s, err := f.repo.Shipment(t.Context(), "order-1")
		if err != nil {
			t.Fatal(err)
		}
		if s.CustomerID() != "alice" || !slices.Equal(s.Lines(), []domain.Line{{SKU: "MUG", Quantity: 2}}) {
			t.Errorf("shipment for %q of %v", s.CustomerID(), s.Lines())
		}
	})
	t.Run("an OrderConfirmed without lines is poison and stores nothing", func(t *testing.T) {
		f := newFixture(t)
		bad := confirmed
		bad.Lines = nil
		if !f.deliver(t, bad) {
			t.Fatal("the consumer accepted an order without lines")
		}
		if !strings.Contains(f.log.String(), `"msg":"poison event`) {
			t.Errorf("the failure is not reported as poison; log:\n%s", f.log.String())
		}
		if s, err := f.repo.Shipment(t.Context(), "order-1"); err == nil {
			t.Errorf("stored %+v", s)
		}
	})
	t.Run("a failure retrying can fix is not poison", func(t *testing.T) {
		f := newFixture(t)
		f.app.ScheduleShipment = app.NewScheduleShipmentHandler(failingRepository{f.repo}, clock)
		f.c = consumertest.New(t, shipping.SagaFunction, slog.New(slog.NewJSONHandler(&f.log, nil)))
		ports.RegisterEventHandlers(f.c, f.app)
		if !f.deliver(t, confirmed) {
			t.Fatal("the consumer accepted an event it could not store")
		}
		if strings.Contains(f.log.String(), `"msg":"poison event`) {
			t.Errorf("a storage failure is reported as poison; log:\n%s", f.log.String())
		}
	})
}

// failingRepository is a repository whose writes fail, as a table does
// while it throttles.
type failingRepository struct {
	*adapters.ShipmentMemoryRepository
}

func (failingRepository) UpdateShipment(context.Context, string, func(*domain.Shipment) (*domain.Shipment, error)) (*domain.Shipment, error) {
	return nil, errors.New("the table is throttling")
}
