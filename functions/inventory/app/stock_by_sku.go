package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// StockBySKUHandler reads the stock of one SKU.
type StockBySKUHandler struct {
	repo StockRepository
}

// NewStockBySKUHandler returns a handler reading from repo.
func NewStockBySKUHandler(repo StockRepository) StockBySKUHandler {
	if repo == nil {
		panic("app: NewStockBySKUHandler needs a repository")
	}
	return StockBySKUHandler{repo: repo}
}

// Handle returns the SKU's stock or domain.ErrStockItemNotFound.
func (h StockBySKUHandler) Handle(ctx context.Context, sku domain.SKU) (*domain.StockItem, error) {
	item, err := h.repo.StockItem(ctx, sku)
	if err != nil {
		return nil, fmt.Errorf("stock of %s: %w", sku, err)
	}
	return item, nil
}
