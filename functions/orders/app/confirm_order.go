package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// ConfirmOrder confirms a pending order once its payment is authorised.
type ConfirmOrder struct {
	ID domain.OrderID
}

// ConfirmOrderHandler handles ConfirmOrder.
type ConfirmOrderHandler struct {
	store EventStore
	now   func() time.Time
}

// NewConfirmOrderHandler returns a handler committing to store; now is the
// clock.
func NewConfirmOrderHandler(store EventStore, now func() time.Time) ConfirmOrderHandler {
	if store == nil || now == nil {
		panic("app: NewConfirmOrderHandler needs an event store and a clock")
	}
	return ConfirmOrderHandler{store: store, now: now}
}

// Handle commits OrderConfirmed when the order is pending, and returns the
// order. An order that is confirmed, shipped or cancelled already is left
// as it is: the authorisation arrived twice, or after a cancel (payments
// then refunds it, since it sees the OrderCancelled).
func (h ConfirmOrderHandler) Handle(ctx context.Context, cmd ConfirmOrder) (*domain.Order, error) {
	o, err := h.store.Append(ctx, cmd.ID, func(_ context.Context, current *domain.Order) ([]domain.Event, error) {
		if current == nil {
			return nil, domain.ErrOrderNotFound
		}
		if current.Status() != domain.StatusPending {
			return nil, nil
		}
		return current.Confirm(h.now())
	})
	if err != nil {
		return nil, fmt.Errorf("confirm order %s: %w", cmd.ID, err)
	}
	return o, nil
}
