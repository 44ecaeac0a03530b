package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// ProjectOrderHandler brings an order's view up to date with its event
// stream. The projector calls it for every commit the table's stream
// reports; since it folds the whole stream and the read model keeps only
// newer versions, commits that arrive late, twice or out of order leave
// the latest state.
type ProjectOrderHandler struct {
	store EventStore
	views ReadModel
}

// NewProjectOrderHandler returns a handler folding from store into views.
func NewProjectOrderHandler(store EventStore, views ReadModel) ProjectOrderHandler {
	if store == nil || views == nil {
		panic("app: NewProjectOrderHandler needs an event store and a read model")
	}
	return ProjectOrderHandler{store: store, views: views}
}

// Handle stores the order's current state in the read model and reports
// whether that changed it.
func (h ProjectOrderHandler) Handle(ctx context.Context, id domain.OrderID) (bool, error) {
	o, err := h.store.Load(ctx, id)
	if err != nil {
		return false, fmt.Errorf("project order %s: %w", id, err)
	}
	saved, err := h.views.Save(ctx, o)
	if err != nil {
		return false, fmt.Errorf("project order %s: %w", id, err)
	}
	return saved, nil
}
