package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

// ProductRepository stores products, and the tombstones of deleted ones.
// Implementations must be safe for concurrent use and pass the contract
// suite in adapters.
type ProductRepository interface {
	// Product returns the product with the SKU, or domain.ErrProductNotFound
	// when there is none or it was deleted.
	Product(ctx context.Context, sku domain.SKU) (*domain.Product, error)
	// Products returns up to limit products with SKUs after the given one
	// (all when after is empty), in SKU order, and the SKU to pass as
	// after for the next page, which is empty when there is none. Deleted
	// products are not listed.
	Products(ctx context.Context, after domain.SKU, limit int) ([]*domain.Product, domain.SKU, error)
	// UpdateProduct loads the product (nil when the SKU never had one, its
	// tombstone when it was deleted), calls update, and stores what update
	// returns, unless that is the loaded product itself, which means
	// nothing changed. The write succeeds only if the stored product is
	// still the one loaded (same version, deleted or not); otherwise it
	// loads again and retries a bounded number of times, then returns
	// domain.ErrConcurrentUpdate. An error from update is returned as is.
	// A deletion is an update that returns the product's tombstone.
	UpdateProduct(ctx context.Context, sku domain.SKU,
		update func(ctx context.Context, current *domain.Product) (*domain.Product, error)) (*domain.Product, error)
}

// HealthChecker checks that the service's storage answers.
type HealthChecker interface {
	CheckHealth(ctx context.Context) error
}
