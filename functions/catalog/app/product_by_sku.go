package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

// ProductBySKUHandler reads one product.
type ProductBySKUHandler struct {
	repo ProductRepository
}

// NewProductBySKUHandler returns a handler reading from repo.
func NewProductBySKUHandler(repo ProductRepository) ProductBySKUHandler {
	if repo == nil {
		panic("app: NewProductBySKUHandler needs a repository")
	}
	return ProductBySKUHandler{repo: repo}
}

// Handle returns the product or domain.ErrProductNotFound.
func (h ProductBySKUHandler) Handle(ctx context.Context, sku domain.SKU) (*domain.Product, error) {
	p, err := h.repo.Product(ctx, sku)
	if err != nil {
		return nil, fmt.Errorf("product %s: %w", sku, err)
	}
	return p, nil
}
