package ports_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/functions/inventory/ports"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/consumer/consumertest"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// fixture is the inventory's application on the memory repository,
// with MUG at 5 units on hand, and its event port registered with a
// consumer.
type fixture struct {
	repo *adapters.StockMemoryRepository
	app  app.Application
	c    *consumer.Consumer
	log  bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{repo: adapters.NewStockMemoryRepository()}
	f.app = app.Application{
		Commands: app.Commands{
			SetStock:     app.NewSetStockHandler(f.repo, clock),
			ReserveStock: app.NewReserveStockHandler(f.repo, clock),
			ReleaseStock: app.NewReleaseStockHandler(f.repo, clock),
			CommitStock:  app.NewCommitStockHandler(f.repo, clock),
		},
		Queries: app.Queries{StockBySKU: app.NewStockBySKUHandler(f.repo)},
		Health:  f.repo,
	}
	log := slog.New(slog.NewJSONHandler(&f.log, nil))
	f.c = consumertest.New(t, inventory.EventsFunction, log)
	ports.RegisterEventHandlers(f.c, f.app, log)
	if _, err := f.app.Commands.SetStock.Handle(t.Context(), app.SetStock{SKU: "MUG", OnHand: 5}); err != nil {
		t.Fatal(err)
	}
	return f
}

// deliver hands e, from orders, to the consumer as one SQS message and
// reports whether the consumer failed it.
func (f *fixture) deliver(t *testing.T, e events.Event) bool {
	t.Helper()
	return consumertest.Deliver(t, f.c, "conveyor.orders", now, e)
}

// levels returns on hand, reserved and available of MUG.
func (f *fixture) levels(t *testing.T) [3]int64 {
	t.Helper()
	it, err := f.repo.StockItem(t.Context(), "MUG")
	if err != nil {
		t.Fatal(err)
	}
	return [3]int64{it.OnHand(), it.Reserved(), it.Available()}
}

func (f *fixture) reserve(t *testing.T, orderID string) {
	t.Helper()
	if _, err := f.app.Commands.ReserveStock.Handle(t.Context(), app.ReserveStock{
		OrderID: orderID, Lines: []domain.Line{{SKU: "MUG", Quantity: 2}}, Total: domain.Money{Amount: 2500, Currency: "EUR"},
	}); err != nil {
		t.Fatal(err)
	}
}

func TestEventHandlersMapEachEventToItsCommand(t *testing.T) {
	placed := events.OrderPlaced{
		OrderID: "O-1", CustomerID: "c-1", PlacedAt: now,
		Lines: []events.OrderLine{{SKU: "MUG", Quantity: 2, UnitPrice: events.Money{Amount: 1250, Currency: "EUR"}}},
		Total: events.Money{Amount: 2500, Currency: "EUR"},
	}
	cases := []struct {
		name      string
		reserved  bool // the order's stock is reserved before the event
		event     events.Event
		status    domain.Status
		levels    [3]int64
		announced string // the event the stored record announces
	}{
		{"OrderPlaced reserves the order's lines, to be announced as StockReserved",
			false, placed, domain.Reserved, [3]int64{5, 2, 3}, events.TypeStockReserved},
		{"OrderCancelled releases the order's stock, to be announced as StockReleased",
			true, events.OrderCancelled{OrderID: "O-1", Reason: events.CancelCustomerRequest, CancelledAt: now},
			domain.Released, [3]int64{5, 0, 5}, events.TypeStockReleased},
		{"OrderConfirmed commits the order's stock, which announces nothing",
			true, events.OrderConfirmed{OrderID: "O-1", CustomerID: "c-1", Lines: placed.Lines, Total: placed.Total, ConfirmedAt: now},
			domain.Committed, [3]int64{3, 0, 3}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if c.reserved {
				f.reserve(t, "O-1")
			}
			if f.deliver(t, c.event) {
				t.Fatalf("the consumer failed the event; log:\n%s", f.log.String())
			}
			rec, err := f.repo.Reservation(t.Context(), "O-1")
			if err != nil || rec == nil {
				t.Fatalf("reservation %v, %v", rec, err)
			}
			if rec.Status() != c.status {
				t.Errorf("reservation %s, want %s", rec.Status(), c.status)
			}
			if got := f.levels(t); got != c.levels {
				t.Errorf("MUG on hand, reserved, available %v, want %v", got, c.levels)
			}
			var announced string
			if e, _, ok := app.Announcement(rec); ok {
				announced = e.EventType()
			}
			if announced != c.announced {
				t.Errorf("the record announces %q, want %q", announced, c.announced)
			}
		})
	}
	t.Run("an OrderPlaced the use case finds invalid is poison and changes nothing", func(t *testing.T) {
		f := newFixture(t)
		bad := placed
		bad.Lines = []events.OrderLine{{SKU: "MUG", Quantity: 0}}
		if !f.deliver(t, bad) {
			t.Fatal("the consumer accepted an order line of zero units")
		}
		if !strings.Contains(f.log.String(), `"msg":"poison event`) {
			t.Errorf("the failure is not reported as poison; log:\n%s", f.log.String())
		}
		if rec, _ := f.repo.Reservation(t.Context(), "O-1"); rec != nil {
			t.Errorf("reservation %s stored", rec.Status())
		}
	})
}
