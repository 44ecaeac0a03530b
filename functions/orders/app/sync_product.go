package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// SyncProductHandler keeps the catalog copy up to date from the catalog's
// events: an upsert stores the product, a deletion a tombstone. Older
// versions than the copy holds change nothing.
type SyncProductHandler struct {
	products ProductCopy
}

// NewSyncProductHandler returns a handler writing to products.
func NewSyncProductHandler(products ProductCopy) SyncProductHandler {
	if products == nil {
		panic("app: NewSyncProductHandler needs a product copy")
	}
	return SyncProductHandler{products: products}
}

// Handle stores p in the copy when it is newer, and reports whether it was.
func (h SyncProductHandler) Handle(ctx context.Context, p domain.Product) (bool, error) {
	if _, err := domain.ParseSKU(string(p.SKU)); err != nil || p.Version < 1 {
		return false, fmt.Errorf("sync product %q version %d: not a catalog product", p.SKU, p.Version)
	}
	stored, err := h.products.PutProduct(ctx, p)
	if err != nil {
		return false, fmt.Errorf("sync product %s: %w", p.SKU, err)
	}
	return stored, nil
}
