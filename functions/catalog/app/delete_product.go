package app

import (
	"context"
	"fmt"

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
}

// NewDeleteProductHandler returns a handler deleting from repo.
func NewDeleteProductHandler(repo ProductRepository) DeleteProductHandler {
	if repo == nil {
		panic("app: NewDeleteProductHandler needs a repository")
	}
	return DeleteProductHandler{repo: repo}
}

// Handle deletes the product if it exists and satisfies the precondition.
func (h DeleteProductHandler) Handle(ctx context.Context, cmd DeleteProduct) error {
	err := h.repo.DeleteProduct(ctx, cmd.SKU, cmd.Precondition.Check)
	if err != nil {
		return fmt.Errorf("delete product %s: %w", cmd.SKU, err)
	}
	return nil
}
