package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

// DeleteProduct removes a product.
type DeleteProduct struct {
	SKU          domain.SKU
	Precondition Precondition
}

// DeleteProductHandler handles DeleteProduct.
type DeleteProductHandler struct {
	repo ProductRepository
	now  func() time.Time
}

// NewDeleteProductHandler returns a handler deleting from repo; now is the
// clock.
func NewDeleteProductHandler(repo ProductRepository, now func() time.Time) DeleteProductHandler {
	if repo == nil || now == nil {
		panic("app: NewDeleteProductHandler needs a repository and a clock")
	}
	return DeleteProductHandler{repo: repo, now: now}
}

// Handle deletes the product if it exists and satisfies the precondition.
// The product is replaced by its tombstone, which keeps its version so
// that a product created again under the SKU continues from it.
func (h DeleteProductHandler) Handle(ctx context.Context, cmd DeleteProduct) error {
	_, err := h.repo.UpdateProduct(ctx, cmd.SKU, func(_ context.Context, current *domain.Product) (*domain.Product, error) {
		if current == nil || current.Deleted() {
			return nil, domain.ErrProductNotFound
		}
		if err := cmd.Precondition.Check(current); err != nil {
			return nil, err
		}
		return current.Delete(h.now())
	})
	if err != nil {
		return fmt.Errorf("delete product %s: %w", cmd.SKU, err)
	}
	return nil
}
