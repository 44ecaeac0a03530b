package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// ShipOrder marks a confirmed order shipped once shipping scheduled it.
type ShipOrder struct {
	ID             domain.OrderID
	ShipmentID     string
	Carrier        string
	TrackingNumber string
}

// ShipOrderHandler handles ShipOrder.
type ShipOrderHandler struct {
	store EventStore
	now   func() time.Time
}

// NewShipOrderHandler returns a handler committing to store; now is the
// clock.
func NewShipOrderHandler(store EventStore, now func() time.Time) ShipOrderHandler {
	if store == nil || now == nil {
		panic("app: NewShipOrderHandler needs an event store and a clock")
	}
	return ShipOrderHandler{store: store, now: now}
}

// Handle commits OrderShipped when the order is confirmed, and returns the
// order. A shipped order is left as it is (the event arrived twice), and
// so is a cancelled one: the customer cancelled after confirmation, and
// the cancel's refund and release stand.
func (h ShipOrderHandler) Handle(ctx context.Context, cmd ShipOrder) (*domain.Order, error) {
	o, err := h.store.Append(ctx, cmd.ID, func(_ context.Context, current *domain.Order) ([]domain.Event, error) {
		if current == nil {
			return nil, domain.ErrOrderNotFound
		}
		if current.Status() != domain.StatusConfirmed {
			return nil, nil
		}
		return current.Ship(cmd.ShipmentID, cmd.Carrier, cmd.TrackingNumber, h.now())
	})
	if err != nil {
		return nil, fmt.Errorf("ship order %s: %w", cmd.ID, err)
	}
	return o, nil
}
