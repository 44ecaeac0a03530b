package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

// ProductRepository stores products. Implementations must be safe for
// concurrent use and pass the contract suite in adapters.
type ProductRepository interface {
	// Product returns the product with the SKU, or domain.ErrProductNotFound.
	Product(ctx context.Context, sku domain.SKU) (*domain.Product, error)
	// Products returns up to limit products with SKUs after the given one
	// (all when after is empty), in SKU order, and the SKU to pass as
	// after for the next page, which is empty when there is none.
	Products(ctx context.Context, after domain.SKU, limit int) ([]*domain.Product, domain.SKU, error)
	// UpdateProduct loads the product (nil when it does not exist), calls
	// update, and stores what update returns, unless that is the loaded
	// product itself, which means nothing changed. The write succeeds only
	// if the stored product is still the one loaded; otherwise it loads
	// again and retries a bounded number of times, then returns
	// domain.ErrConcurrentUpdate. An error from update is returned as is.
	UpdateProduct(ctx context.Context, sku domain.SKU,
		update func(ctx context.Context, current *domain.Product) (*domain.Product, error)) (*domain.Product, error)
	// DeleteProduct loads the product (domain.ErrProductNotFound when it
	// does not exist), calls check, and deletes it if check returns nil and
	// the stored product is still the one loaded, with the same bounded
	// retries as UpdateProduct.
	DeleteProduct(ctx context.Context, sku domain.SKU, check func(current *domain.Product) error) error
}

// HealthChecker checks that the service's storage answers.
type HealthChecker interface {
	CheckHealth(ctx context.Context) error
}
