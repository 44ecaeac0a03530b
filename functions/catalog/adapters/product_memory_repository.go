package adapters

import (
	"context"
	"slices"
	"sync"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

// ProductMemoryRepository keeps products, and the tombstones of deleted
// ones, in memory, for tests and demos.
type ProductMemoryRepository struct {
	mu       sync.Mutex
	products map[domain.SKU]domain.Product
}

// NewProductMemoryRepository returns an empty repository.
func NewProductMemoryRepository() *ProductMemoryRepository {
	return &ProductMemoryRepository{products: map[domain.SKU]domain.Product{}}
}

// Product returns a copy of the stored product.
func (r *ProductMemoryRepository) Product(_ context.Context, sku domain.SKU) (*domain.Product, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.products[sku]
	if !ok || p.Deleted() {
		return nil, domain.ErrProductNotFound
	}
	return &p, nil
}

// Products returns a page in SKU order.
func (r *ProductMemoryRepository) Products(_ context.Context, after domain.SKU, limit int) ([]*domain.Product, domain.SKU, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	skus := make([]domain.SKU, 0, len(r.products))
	for sku, p := range r.products {
		if sku > after && !p.Deleted() {
			skus = append(skus, sku)
		}
	}
	slices.Sort(skus)
	var next domain.SKU
	if len(skus) > limit {
		skus = skus[:limit]
		next = skus[limit-1]
	}
	out := make([]*domain.Product, len(skus))
	for i, sku := range skus {
		p := r.products[sku]
		out[i] = &p
	}
	return out, next, nil
}

// UpdateProduct runs update under the lock, so it never conflicts.
func (r *ProductMemoryRepository) UpdateProduct(ctx context.Context, sku domain.SKU,
	update func(context.Context, *domain.Product) (*domain.Product, error)) (*domain.Product, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var current *domain.Product
	if p, ok := r.products[sku]; ok {
		current = &p
	}
	next, err := update(ctx, current)
	if err != nil {
		return nil, err
	}
	if next != current {
		r.products[sku] = *next
	}
	stored := r.products[sku]
	return &stored, nil
}

// CheckHealth always succeeds.
func (r *ProductMemoryRepository) CheckHealth(context.Context) error { return nil }
