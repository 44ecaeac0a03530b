package app_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// announced returns the event that announces the order's stored record,
// as inventory-publisher would send it, or nil when it announces nothing.
func (f fixture) announced(t *testing.T, orderID string) events.Event {
	t.Helper()
	rec, err := f.repo.Reservation(context.Background(), orderID)
	if err != nil || rec == nil {
		t.Fatalf("record of %s: %v, %v", orderID, rec, err)
	}
	e, _, ok := app.Announcement(rec)
	if !ok {
		return nil
	}
	return e
}

type fixture struct {
	repo *adapters.StockMemoryRepository
	app  app.Application
}

func newFixture(t *testing.T, stock map[domain.SKU]int64) fixture {
	t.Helper()
	f := fixture{repo: adapters.NewStockMemoryRepository()}
	f.app = app.Application{Commands: app.Commands{
		SetStock:     app.NewSetStockHandler(f.repo, clock),
		ReserveStock: app.NewReserveStockHandler(f.repo, clock),
		ReleaseStock: app.NewReleaseStockHandler(f.repo, clock),
		CommitStock:  app.NewCommitStockHandler(f.repo, clock),
	}, Queries: app.Queries{StockBySKU: app.NewStockBySKUHandler(f.repo)}}
	for sku, n := range stock {
		if _, err := f.app.Commands.SetStock.Handle(context.Background(), app.SetStock{SKU: sku, OnHand: n}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// levels returns on hand, reserved and available of the SKU.
func (f fixture) levels(t *testing.T, sku domain.SKU) [3]int64 {
	t.Helper()
	it, err := f.app.Queries.StockBySKU.Handle(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return [3]int64{it.OnHand(), it.Reserved(), it.Available()}
}

func (f fixture) reserve(orderID string, lines ...domain.Line) (*domain.Reservation, error) {
	return f.app.Commands.ReserveStock.Handle(context.Background(), app.ReserveStock{
		OrderID: orderID, Lines: lines, Total: domain.Money{Amount: 1000, Currency: "EUR"},
	})
}

func (f fixture) release(orderID string) (*domain.Reservation, error) {
	return f.app.Commands.ReleaseStock.Handle(context.Background(), app.ReleaseStock{OrderID: orderID})
}

func TestReserveStock(t *testing.T) {
	t.Run("a placed order with stock is reserved and its record announces StockReserved", func(t *testing.T) {
		f := newFixture(t, map[domain.SKU]int64{"MUG": 5, "TEA": 2})
		rec, err := f.reserve("O-1", domain.Line{SKU: "MUG", Quantity: 2}, domain.Line{SKU: "TEA", Quantity: 1}, domain.Line{SKU: "MUG", Quantity: 1})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Status() != domain.Reserved {
			t.Fatalf("status %s", rec.Status())
		}
		if got := [2][3]int64{f.levels(t, "MUG"), f.levels(t, "TEA")}; got != [2][3]int64{{5, 3, 2}, {2, 1, 1}} {
			t.Errorf("stock after reserving 3 MUG (two lines) and 1 TEA: %v", got)
		}
		e, ok := f.announced(t, "O-1").(events.StockReserved)
		if !ok || e.OrderID != "O-1" || e.Total.Amount != 1000 || len(e.Lines) != 2 || e.Lines[0] != (events.StockLine{SKU: "MUG", Quantity: 3}) {
			t.Errorf("announcement %+v", f.announced(t, "O-1"))
		}
		if _, at, _ := app.Announcement(rec); !at.Equal(now) || !e.ReservedAt.Equal(now) {
			t.Errorf("announced at %v, reserved at %v, want the decision's time %v", at, e.ReservedAt, now)
		}
	})
	t.Run("an order with short lines is rejected naming them and reserves nothing", func(t *testing.T) {
		f := newFixture(t, map[domain.SKU]int64{"MUG": 5, "TEA": 2})
		rec, err := f.reserve("O-2", domain.Line{SKU: "MUG", Quantity: 2}, domain.Line{SKU: "TEA", Quantity: 3}, domain.Line{SKU: "NONE", Quantity: 1})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Status() != domain.Rejected {
			t.Fatalf("status %s", rec.Status())
		}
		if got := f.levels(t, "MUG"); got != [3]int64{5, 0, 5} {
			t.Errorf("MUG after a rejection: %v", got)
		}
		e, ok := f.announced(t, "O-2").(events.StockRejected)
		want := []events.Shortage{{SKU: "TEA", Requested: 3, Available: 2}, {SKU: "NONE", Requested: 1, Available: 0}}
		if !ok || !slices.Equal(e.Shortages, want) {
			t.Errorf("announcement %+v, want shortages %+v", f.announced(t, "O-2"), want)
		}
	})
	t.Run("the same order placed twice is reserved once and the repeat finds the stored decision", func(t *testing.T) {
		f := newFixture(t, map[domain.SKU]int64{"MUG": 5})
		first, err := f.reserve("O-3", domain.Line{SKU: "MUG", Quantity: 2})
		if err != nil {
			t.Fatal(err)
		}
		later := app.NewReserveStockHandler(f.repo, func() time.Time { return now.Add(time.Hour) })
		again, err := later.Handle(context.Background(), app.ReserveStock{
			OrderID: "O-3", Lines: []domain.Line{{SKU: "MUG", Quantity: 2}}, Total: domain.Money{Amount: 1000, Currency: "EUR"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := f.levels(t, "MUG"); got != [3]int64{5, 2, 3} {
			t.Errorf("stock %v, want 2 reserved once", got)
		}
		if again.Status() != domain.Reserved || !again.DecidedAt().Equal(first.DecidedAt()) {
			t.Errorf("the repeat returned %s decided at %v, want the first decision at %v", again.Status(), again.DecidedAt(), first.DecidedAt())
		}
	})
	t.Run("a rejection is kept, so a repeat after stock arrives still rejects", func(t *testing.T) {
		f := newFixture(t, map[domain.SKU]int64{"MUG": 1})
		if _, err := f.reserve("O-5", domain.Line{SKU: "MUG", Quantity: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.Commands.SetStock.Handle(context.Background(), app.SetStock{SKU: "MUG", OnHand: 10}); err != nil {
			t.Fatal(err)
		}
		rec, err := f.reserve("O-5", domain.Line{SKU: "MUG", Quantity: 2})
		if err != nil || rec.Status() != domain.Rejected {
			t.Fatalf("repeat: %v %v", rec, err)
		}
		if e := f.announced(t, "O-5"); e == nil || e.EventType() != events.TypeStockRejected {
			t.Errorf("announcement %v, want StockRejected", e)
		}
		if got := f.levels(t, "MUG"); got != [3]int64{10, 0, 10} {
			t.Errorf("stock %v, want nothing reserved", got)
		}
	})
	t.Run("invalid lines are an Invalid error", func(t *testing.T) {
		f := newFixture(t, nil)
		cases := map[string][]domain.Line{
			"no lines":          nil,
			"a zero quantity":   {{SKU: "MUG", Quantity: 0}},
			"a lower-case SKU":  {{SKU: "mug", Quantity: 1}},
			"too many distinct": manyLines(domain.MaxLines + 1),
		}
		for name, lines := range cases {
			if _, err := f.reserve("O-6", lines...); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("%s: error = %v, want Invalid", name, err)
			}
		}
		if _, err := f.reserve("", domain.Line{SKU: "MUG", Quantity: 1}); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("an empty order id: error = %v, want Invalid", err)
		}
		if rec, err := f.repo.Reservation(context.Background(), "O-6"); err != nil || rec != nil {
			t.Errorf("stored %v, %v for invalid lines, want nothing", rec, err)
		}
	})
}

func manyLines(n int) []domain.Line {
	out := make([]domain.Line, n)
	for i := range out {
		out[i] = domain.Line{SKU: domain.SKU(fmt.Sprintf("SKU-%03d", i)), Quantity: 1}
	}
	return out
}

func TestReleaseAndCommitStock(t *testing.T) {
	t.Run("a cancelled order's stock is released once and its record announces StockReleased", func(t *testing.T) {
		f := newFixture(t, map[domain.SKU]int64{"MUG": 5})
		if _, err := f.reserve("O-1", domain.Line{SKU: "MUG", Quantity: 2}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := f.release("O-1"); err != nil {
				t.Fatal(err)
			}
		}
		if got := f.levels(t, "MUG"); got != [3]int64{5, 0, 5} {
			t.Errorf("stock %v", got)
		}
		e, ok := f.announced(t, "O-1").(events.StockReleased)
		if !ok || e.OrderID != "O-1" || !slices.Equal(e.Lines, []events.StockLine{{SKU: "MUG", Quantity: 2}}) || !e.ReleasedAt.Equal(now) {
			t.Errorf("announcement %+v", f.announced(t, "O-1"))
		}
	})
	t.Run("a cancel before the placement leaves a mark and the late placement reserves nothing", func(t *testing.T) {
		f := newFixture(t, map[domain.SKU]int64{"MUG": 5})
		rec, err := f.release("O-2")
		if err != nil || rec.Status() != domain.CancelledFirst {
			t.Fatalf("release: %v, %v", rec, err)
		}
		rec, err = f.reserve("O-2", domain.Line{SKU: "MUG", Quantity: 2})
		if err != nil || rec.Status() != domain.CancelledFirst {
			t.Fatalf("late reserve: %v, %v", rec, err)
		}
		if got := f.levels(t, "MUG"); got != [3]int64{5, 0, 5} {
			t.Errorf("stock %v, want nothing reserved", got)
		}
		if e := f.announced(t, "O-2"); e != nil {
			t.Errorf("the mark announces %v, want nothing", e)
		}
	})
	t.Run("a cancel racing the placement ends with the stock released", func(t *testing.T) {
		for round := range 50 {
			f := newFixture(t, map[domain.SKU]int64{"MUG": 5})
			id := fmt.Sprintf("O-R-%d", round)
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); _, _ = f.reserve(id, domain.Line{SKU: "MUG", Quantity: 2}) }()
			go func() { defer wg.Done(); _, _ = f.release(id) }()
			wg.Wait()
			if got := f.levels(t, "MUG"); got != [3]int64{5, 0, 5} {
				t.Fatalf("round %d: stock %v, want all of it available", round, got)
			}
		}
	})
	t.Run("a confirmed order's stock leaves on hand once", func(t *testing.T) {
		f := newFixture(t, map[domain.SKU]int64{"MUG": 5})
		if _, err := f.reserve("O-3", domain.Line{SKU: "MUG", Quantity: 2}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := f.app.Commands.CommitStock.Handle(context.Background(), app.CommitStock{OrderID: "O-3"}); err != nil {
				t.Fatal(err)
			}
		}
		if got := f.levels(t, "MUG"); got != [3]int64{3, 0, 3} {
			t.Errorf("stock %v, want [3 0 3]", got)
		}
		if e := f.announced(t, "O-3"); e != nil {
			t.Errorf("the committed record announces %v, want nothing", e)
		}
		if _, err := f.release("O-3"); err != nil {
			t.Fatal(err)
		}
		if got := f.levels(t, "MUG"); got != [3]int64{5, 0, 5} {
			t.Errorf("after cancelling the confirmed order: %v, want the units back on hand", got)
		}
	})
	t.Run("confirming an order without a reservation is an error", func(t *testing.T) {
		f := newFixture(t, nil)
		_, err := f.app.Commands.CommitStock.Handle(context.Background(), app.CommitStock{OrderID: "O-4"})
		if !errors.Is(err, domain.ErrNoReservation) {
			t.Errorf("error = %v, want ErrNoReservation", err)
		}
	})
}

func TestSetStock(t *testing.T) {
	f := newFixture(t, map[domain.SKU]int64{"MUG": 5})
	if _, err := f.reserve("O-1", domain.Line{SKU: "MUG", Quantity: 3}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		onHand int64
		kind   apperr.Kind
		want   [3]int64
	}{
		{"raising on hand keeps the reservation", 8, 0, [3]int64{8, 3, 5}},
		{"lowering on hand to the reserved units is allowed", 3, 0, [3]int64{3, 3, 0}},
		{"lowering on hand below the reserved units is a conflict", 2, apperr.Conflict, [3]int64{3, 3, 0}},
		{"a negative quantity is invalid", -1, apperr.Invalid, [3]int64{3, 3, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.app.Commands.SetStock.Handle(context.Background(), app.SetStock{SKU: "MUG", OnHand: c.onHand})
			if (err == nil) != (c.kind == 0) || (err != nil && apperr.KindOf(err) != c.kind) {
				t.Fatalf("error = %v, want kind %v", err, c.kind)
			}
			if got := f.levels(t, "MUG"); got != c.want {
				t.Errorf("stock %v, want %v", got, c.want)
			}
		})
	}
}
