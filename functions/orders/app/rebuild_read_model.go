package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// RebuildResult counts what a rebuild did.
type RebuildResult struct {
	// Orders is how many orders the event store holds.
	Orders int `json:"orders"`
	// Written is how many views were missing or behind and were stored.
	Written int `json:"written"`
}

// RebuildReadModelHandler rebuilds the read model from the event store:
// every order's view is folded again from its commits. Views that are
// missing or behind are written; up-to-date views are left alone.
type RebuildReadModelHandler struct {
	store   EventStore
	project ProjectOrderHandler
}

// NewRebuildReadModelHandler returns a handler folding from store into
// views.
func NewRebuildReadModelHandler(store EventStore, views ReadModel) RebuildReadModelHandler {
	return RebuildReadModelHandler{store: store, project: NewProjectOrderHandler(store, views)}
}

// Handle rebuilds every order's view.
func (h RebuildReadModelHandler) Handle(ctx context.Context) (RebuildResult, error) {
	var res RebuildResult
	err := h.store.OrderIDs(ctx, func(id domain.OrderID) error {
		res.Orders++
		saved, err := h.project.Handle(ctx, id)
		if saved {
			res.Written++
		}
		return err
	})
	if err != nil {
		return res, fmt.Errorf("rebuild read model: %w", err)
	}
	return res, nil
}
