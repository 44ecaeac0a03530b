package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Page sizes of ListProducts.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// ListProducts asks for one page of products in SKU order.
type ListProducts struct {
	// After is the last SKU of the previous page; empty for the first page.
	After domain.SKU
	// Limit is the page size; 0 means DefaultPageSize.
	Limit int
}

// ProductPage is one page of products.
type ProductPage struct {
	Products []*domain.Product
	// Next is the After of the next page; empty on the last page.
	Next domain.SKU
}

// ListProductsHandler handles ListProducts.
type ListProductsHandler struct {
	repo ProductRepository
}

// NewListProductsHandler returns a handler reading from repo.
func NewListProductsHandler(repo ProductRepository) ListProductsHandler {
	if repo == nil {
		panic("app: NewListProductsHandler needs a repository")
	}
	return ListProductsHandler{repo: repo}
}

// Handle returns the page.
func (h ListProductsHandler) Handle(ctx context.Context, q ListProducts) (ProductPage, error) {
	if q.Limit == 0 {
		q.Limit = DefaultPageSize
	}
	if q.Limit < 1 || q.Limit > MaxPageSize {
		return ProductPage{}, apperr.Validation(apperr.FieldError{Field: "limit", Reason: "must be within 1-100"})
	}
	products, next, err := h.repo.Products(ctx, q.After, q.Limit)
	if err != nil {
		return ProductPage{}, fmt.Errorf("list products: %w", err)
	}
	return ProductPage{Products: products, Next: next}, nil
}
