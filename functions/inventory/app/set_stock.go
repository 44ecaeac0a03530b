package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// SetStock sets the units on hand of a SKU, creating its stock item when
// there is none.
type SetStock struct {
	SKU    domain.SKU
	OnHand int64
}

// SetStockResult is the stored item and whether the call created it.
type SetStockResult struct {
	Item    *domain.StockItem
	Created bool
}

// SetStockHandler handles SetStock.
type SetStockHandler struct {
	repo StockRepository
	now  func() time.Time
}

// NewSetStockHandler returns a handler storing into repo; now is the clock.
func NewSetStockHandler(repo StockRepository, now func() time.Time) SetStockHandler {
	if repo == nil || now == nil {
		panic("app: NewSetStockHandler needs a repository and a clock")
	}
	return SetStockHandler{repo: repo, now: now}
}

// Handle sets the units on hand; the reserved units stay reserved, so the
// new quantity may not be less than them (domain.ErrBelowReserved).
func (h SetStockHandler) Handle(ctx context.Context, cmd SetStock) (SetStockResult, error) {
	var res SetStockResult
	item, err := h.repo.UpdateStockItem(ctx, cmd.SKU, func(current *domain.StockItem) (*domain.StockItem, error) {
		if current == nil {
			res.Created = true
			return domain.NewStockItem(cmd.SKU, cmd.OnHand, h.now())
		}
		res.Created = false
		return current.SetOnHand(cmd.OnHand, h.now())
	})
	if err != nil {
		return SetStockResult{}, fmt.Errorf("set stock of %s: %w", cmd.SKU, err)
	}
	res.Item = item
	return res, nil
}
