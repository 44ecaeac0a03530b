package app_test

import (
	"context"
	"testing"

	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// TestSagaReactions drives an order through the reactions to payments and
// shipping, in order, twice over, and out of order: each ends in the state
// the saga allows, and a repeat changes nothing.
func TestSagaReactions(t *testing.T) {
	ctx := context.Background()
	confirm := func(f fixture) (*domain.Order, error) {
		return app.NewConfirmOrderHandler(f.store, now).Handle(ctx, app.ConfirmOrder{ID: orderID})
	}
	ship := func(f fixture) (*domain.Order, error) {
		return app.NewShipOrderHandler(f.store, now).Handle(ctx, app.ShipOrder{ID: orderID, ShipmentID: "shp-1", Carrier: "DHL", TrackingNumber: "DH1"})
	}
	cancel := func(reason domain.CancelReason) func(f fixture) (*domain.Order, error) {
		return func(f fixture) (*domain.Order, error) {
			return f.cancel.Handle(ctx, app.CancelOrder{ID: orderID, Reason: reason, IfCancellable: true})
		}
	}
	cases := []struct {
		name        string
		steps       []func(fixture) (*domain.Order, error)
		wantStatus  domain.Status
		wantVersion int64
	}{
		{"an authorised payment confirms a pending order", []func(fixture) (*domain.Order, error){confirm}, domain.StatusConfirmed, 2},
		{"a repeated authorisation confirms once", []func(fixture) (*domain.Order, error){confirm, confirm}, domain.StatusConfirmed, 2},
		{"a scheduled shipment ships a confirmed order", []func(fixture) (*domain.Order, error){confirm, ship}, domain.StatusShipped, 3},
		{"a repeated shipment ships once", []func(fixture) (*domain.Order, error){confirm, ship, ship}, domain.StatusShipped, 3},
		{"a shipment before confirmation changes nothing", []func(fixture) (*domain.Order, error){ship}, domain.StatusPending, 1},
		{"an authorisation after a cancel leaves it cancelled", []func(fixture) (*domain.Order, error){cancel(domain.ReasonCustomerRequest), confirm}, domain.StatusCancelled, 2},
		{"a declined payment cancels a pending order", []func(fixture) (*domain.Order, error){cancel(domain.ReasonPaymentDeclined)}, domain.StatusCancelled, 2},
		{"a shipment after a cancel of a confirmed order leaves it cancelled", []func(fixture) (*domain.Order, error){confirm, cancel(domain.ReasonCustomerRequest), ship}, domain.StatusCancelled, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if _, err := f.place.Handle(ctx, app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 1)}}); err != nil {
				t.Fatal(err)
			}
			var o *domain.Order
			for _, step := range c.steps {
				var err error
				if o, err = step(f); err != nil {
					t.Fatal(err)
				}
			}
			if o.Status() != c.wantStatus || o.Version() != c.wantVersion {
				t.Errorf("status %s at version %d, want %s at %d", o.Status(), o.Version(), c.wantStatus, c.wantVersion)
			}
		})
	}
	t.Run("a reaction to an unknown order is not found", func(t *testing.T) {
		if _, err := confirm(newFixture(t)); err == nil {
			t.Error("confirming an unknown order succeeded")
		}
	})
}
