package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// CancelOrder cancels an order for a reason.
type CancelOrder struct {
	ID     domain.OrderID
	Reason domain.CancelReason
	// CustomerID, when set, is the caller: only the customer who placed
	// the order may cancel it, and to anyone else it does not exist.
	CustomerID string
	// IfCancellable leaves an order that can no longer be cancelled as it
	// is, instead of failing with domain.ErrNotCancellable. Reactions to
	// events use it: the order may have been cancelled for another reason
	// first.
	IfCancellable bool
}

// CancelOrderHandler handles CancelOrder.
type CancelOrderHandler struct {
	store EventStore
	now   func() time.Time
}

// NewCancelOrderHandler returns a handler committing to store; now is the
// clock.
func NewCancelOrderHandler(store EventStore, now func() time.Time) CancelOrderHandler {
	if store == nil || now == nil {
		panic("app: NewCancelOrderHandler needs an event store and a clock")
	}
	return CancelOrderHandler{store: store, now: now}
}

// Handle commits OrderCancelled and returns the order after it.
func (h CancelOrderHandler) Handle(ctx context.Context, cmd CancelOrder) (*domain.Order, error) {
	o, err := h.store.Append(ctx, cmd.ID, func(_ context.Context, current *domain.Order) ([]domain.Event, error) {
		if current == nil || (cmd.CustomerID != "" && current.CustomerID() != cmd.CustomerID) {
			return nil, domain.ErrOrderNotFound
		}
		if cmd.IfCancellable && !current.Cancellable() {
			return nil, nil
		}
		return current.Cancel(cmd.Reason, h.now())
	})
	if err != nil {
		return nil, fmt.Errorf("cancel order %s: %w", cmd.ID, err)
	}
	return o, nil
}
