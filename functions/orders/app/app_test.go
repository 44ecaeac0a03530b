package app_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

var now = func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }

type fixture struct {
	store    *adapters.OrderMemoryEventStore
	views    *adapters.OrderMemoryReadModel
	products *adapters.ProductMemoryCopy
	place    app.PlaceOrderHandler
	cancel   app.CancelOrderHandler
	byID     app.OrderByIDHandler
	project  app.ProjectOrderHandler
	rebuild  app.RebuildReadModelHandler
	sync     app.SyncProductHandler
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	f := fixture{store: adapters.NewOrderMemoryEventStore(), views: adapters.NewOrderMemoryReadModel(), products: adapters.NewProductMemoryCopy()}
	f.place = app.NewPlaceOrderHandler(f.store, f.products, now)
	f.cancel = app.NewCancelOrderHandler(f.store, now)
	f.byID = app.NewOrderByIDHandler(f.views, f.store)
	f.project = app.NewProjectOrderHandler(f.store, f.views)
	f.rebuild = app.NewRebuildReadModelHandler(f.store, f.views)
	f.sync = app.NewSyncProductHandler(f.products)
	for _, p := range []domain.Product{
		{SKU: "MUG", Name: "Mug", Price: domain.Money{Amount: 1250, Currency: "EUR"}, Active: true, Version: 1},
		{SKU: "CUP", Name: "Cup", Price: domain.Money{Amount: 300, Currency: "EUR"}, Active: true, Version: 1},
		{SKU: "OLD", Name: "Old", Price: domain.Money{Amount: 1, Currency: "EUR"}, Active: false, Version: 1},
		{SKU: "GONE", Version: 2, Deleted: true},
		{SKU: "USD", Name: "Dollar cup", Price: domain.Money{Amount: 1, Currency: "USD"}, Active: true, Version: 1},
		{SKU: "FREE", Name: "Free sticker", Price: domain.Money{Amount: 0, Currency: "EUR"}, Active: true, Version: 1},
	} {
		if _, err := f.sync.Handle(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func line(sku string, quantity int) domain.LineRequest {
	return domain.LineRequest{SKU: sku, Quantity: quantity}
}

const orderID = domain.OrderID("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")

func TestPlaceOrder(t *testing.T) {
	cases := []struct {
		name      string
		lines     []domain.LineRequest
		wantKind  apperr.Kind
		wantTotal int64
	}{
		{"it prices the lines from the catalog copy", []domain.LineRequest{line("MUG", 2), line("CUP", 1)}, 0, 2800},
		{"it refuses an unknown SKU with a 422", []domain.LineRequest{line("MUG", 1), line("NOPE", 1)}, apperr.Unprocessable, 0},
		{"it refuses an inactive product with a 422", []domain.LineRequest{line("OLD", 1)}, apperr.Unprocessable, 0},
		{"it refuses a deleted product with a 422", []domain.LineRequest{line("GONE", 1)}, apperr.Unprocessable, 0},
		{"it refuses two currencies with a 422", []domain.LineRequest{line("MUG", 1), line("USD", 1)}, apperr.Unprocessable, 0},
		{"it refuses a free product with a 422", []domain.LineRequest{line("FREE", 1)}, apperr.Unprocessable, 0},
		{"it refuses a free product beside a paid one with a 422", []domain.LineRequest{line("MUG", 1), line("FREE", 2)}, apperr.Unprocessable, 0},
		{"it refuses a malformed line with a 400", []domain.LineRequest{line("MUG", 0)}, apperr.Invalid, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			placed, err := f.place.Handle(context.Background(), app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: c.lines})
			if c.wantKind != 0 {
				if apperr.KindOf(err) != c.wantKind {
					t.Fatalf("error = %v (%v), want %v", err, apperr.KindOf(err), c.wantKind)
				}
				if _, err := f.store.Load(context.Background(), orderID); !errors.Is(err, domain.ErrOrderNotFound) {
					t.Errorf("a refused order was stored: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			o := placed.Order
			if placed.Existed || o.Total().Amount != c.wantTotal || o.Status() != domain.StatusPending || o.Version() != 1 {
				t.Errorf("order total %d status %s version %d", o.Total().Amount, o.Status(), o.Version())
			}
		})
	}
}

func TestPlacingAnOrderWhoseIDExists(t *testing.T) {
	first := app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 2), line("CUP", 1)}}
	cases := []struct {
		name        string
		retry       app.PlaceOrder
		wantExisted bool
		wantErr     error
	}{
		{"the same request gets the order it placed", first, true, nil},
		{"more of a line is another request", app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 3), line("CUP", 1)}}, false, app.ErrOrderExists},
		{"fewer lines are another request", app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 2)}}, false, app.ErrOrderExists},
		{"the lines in another sequence are another request", app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("CUP", 1), line("MUG", 2)}}, false, app.ErrOrderExists},
		{"another customer's request is another request", app.PlaceOrder{ID: orderID, CustomerID: "bob", Lines: first.Lines}, false, app.ErrOrderExists},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			if _, err := f.place.Handle(ctx, first); err != nil {
				t.Fatal(err)
			}
			got, err := f.place.Handle(ctx, c.retry)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("error = %v, want %v", err, c.wantErr)
			}
			if err == nil && (!got.Existed || got.Order.ID() != orderID || got.Order.Version() != 1) {
				t.Errorf("got %+v, want the existing order at version 1", got)
			}
			o, err := f.store.Load(ctx, orderID)
			if err != nil || o.Version() != 1 || o.Total().Amount != 2800 {
				t.Errorf("the stored order: %v, %v; want the first one alone", o, err)
			}
		})
	}
	t.Run("a retry after a product's price changed gets the order as placed", func(t *testing.T) {
		f := newFixture(t)
		ctx := context.Background()
		if _, err := f.place.Handle(ctx, first); err != nil {
			t.Fatal(err)
		}
		if _, err := f.sync.Handle(ctx, domain.Product{SKU: "MUG", Name: "Mug", Price: domain.Money{Amount: 9999, Currency: "EUR"}, Active: false, Version: 2}); err != nil {
			t.Fatal(err)
		}
		got, err := f.place.Handle(ctx, first)
		if err != nil || !got.Existed || got.Order.Total().Amount != 2800 {
			t.Fatalf("retry: %+v, %v; want the order as placed", got, err)
		}
	})
}

func TestCancelOrder(t *testing.T) {
	cases := []struct {
		name    string
		cmds    []app.CancelOrder
		wantErr error
		reason  domain.CancelReason
	}{
		{"the customer cancels their order", []app.CancelOrder{{ID: orderID, Reason: domain.ReasonCustomerRequest, CustomerID: "alice"}}, nil, domain.ReasonCustomerRequest},
		{"another customer is told the order does not exist", []app.CancelOrder{{ID: orderID, Reason: domain.ReasonCustomerRequest, CustomerID: "bob"}}, domain.ErrOrderNotFound, ""},
		{"a second cancel is a conflict", []app.CancelOrder{{ID: orderID, Reason: domain.ReasonCustomerRequest, CustomerID: "alice"}, {ID: orderID, Reason: domain.ReasonCustomerRequest, CustomerID: "alice"}}, domain.ErrNotCancellable, domain.ReasonCustomerRequest},
		{"stock rejected after the customer cancelled leaves the order as it is", []app.CancelOrder{{ID: orderID, Reason: domain.ReasonCustomerRequest, CustomerID: "alice"}, {ID: orderID, Reason: domain.ReasonOutOfStock, IfCancellable: true}}, nil, domain.ReasonCustomerRequest},
		{"stock rejected cancels a pending order", []app.CancelOrder{{ID: orderID, Reason: domain.ReasonOutOfStock, IfCancellable: true}}, nil, domain.ReasonOutOfStock},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if _, err := f.place.Handle(context.Background(), app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 1)}}); err != nil {
				t.Fatal(err)
			}
			var err error
			for _, cmd := range c.cmds {
				_, err = f.cancel.Handle(context.Background(), cmd)
			}
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("error = %v, want %v", err, c.wantErr)
			}
			o, err := f.store.Load(context.Background(), orderID)
			if err != nil {
				t.Fatal(err)
			}
			if o.CancelReason() != c.reason {
				t.Errorf("reason %q, want %q", o.CancelReason(), c.reason)
			}
		})
	}
}

func TestOrderByIDSeesTheStoreBeforeTheProjection(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.place.Handle(ctx, app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 1)}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		q       app.OrderByID
		wantErr error
	}{
		{"the customer reads their order", app.OrderByID{ID: orderID, Subject: "alice"}, nil},
		{"an admin reads anyone's order", app.OrderByID{ID: orderID, Subject: "root", Admin: true}, nil},
		{"another customer gets not found", app.OrderByID{ID: orderID, Subject: "bob"}, domain.ErrOrderNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := f.byID.Handle(ctx, c.q); !errors.Is(err, c.wantErr) {
				t.Errorf("error = %v, want %v", err, c.wantErr)
			}
		})
	}
}

func TestTheRebuiltReadModelEqualsTheProjectedOne(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ids := []domain.OrderID{orderID, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"}
	for _, id := range ids {
		if _, err := f.place.Handle(ctx, app.PlaceOrder{ID: id, CustomerID: "alice", Lines: []domain.LineRequest{line("CUP", 3)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.project.Handle(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.cancel.Handle(ctx, app.CancelOrder{ID: ids[1], Reason: domain.ReasonCustomerRequest}); err != nil {
		t.Fatal(err)
	}
	if saved, err := f.project.Handle(ctx, ids[1]); err != nil || !saved {
		t.Fatalf("projection of the cancel: %v %v", saved, err)
	}
	if saved, err := f.project.Handle(ctx, ids[1]); err != nil || saved {
		t.Errorf("a repeated projection wrote again: %v %v", saved, err)
	}
	live := map[domain.OrderID]*domain.Order{}
	for _, id := range ids {
		o, err := f.views.Order(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		live[id] = o
	}
	wiped := adapters.NewOrderMemoryReadModel()
	res, err := app.NewRebuildReadModelHandler(f.store, wiped).Handle(ctx)
	if err != nil || res.Orders != 2 || res.Written != 2 {
		t.Fatalf("rebuild: %+v %v", res, err)
	}
	for _, id := range ids {
		o, err := wiped.Order(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(o, live[id]) {
			t.Errorf("order %s rebuilt as v%d %s, live v%d %s", id, o.Version(), o.Status(), live[id].Version(), live[id].Status())
		}
	}
}
