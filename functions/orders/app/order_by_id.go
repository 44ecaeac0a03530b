package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// OrderByID asks for one order on behalf of a caller.
type OrderByID struct {
	ID domain.OrderID
	// Subject is the caller; Admin says whether they are an administrator.
	Subject string
	Admin   bool
}

// OrderByIDHandler handles OrderByID.
type OrderByIDHandler struct {
	views ReadModel
	store EventStore
}

// NewOrderByIDHandler returns a handler reading the read model, and the
// event store for an order the read model does not hold yet.
func NewOrderByIDHandler(views ReadModel, store EventStore) OrderByIDHandler {
	if views == nil || store == nil {
		panic("app: NewOrderByIDHandler needs a read model and an event store")
	}
	return OrderByIDHandler{views: views, store: store}
}

// Handle returns the order, or domain.ErrOrderNotFound when it does not
// exist or the caller may not see it. An order placed a moment ago is
// found even before the projector has stored its view.
func (h OrderByIDHandler) Handle(ctx context.Context, q OrderByID) (*domain.Order, error) {
	o, err := h.views.Order(ctx, q.ID)
	if errors.Is(err, domain.ErrOrderNotFound) {
		o, err = h.store.Load(ctx, q.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", q.ID, err)
	}
	if !o.VisibleTo(q.Subject, q.Admin) {
		return nil, fmt.Errorf("order %s: %w", q.ID, domain.ErrOrderNotFound)
	}
	return o, nil
}
