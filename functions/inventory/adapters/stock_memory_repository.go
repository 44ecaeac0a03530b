package adapters

import (
	"context"
	"sync"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// StockMemoryRepository keeps stock and reservations in memory, for tests
// and demos. Every change runs under one lock, so it never contends.
type StockMemoryRepository struct {
	mu           sync.Mutex
	items        map[domain.SKU]domain.StockItem
	reservations map[string]*domain.Reservation
}

// NewStockMemoryRepository returns an empty repository.
func NewStockMemoryRepository() *StockMemoryRepository {
	return &StockMemoryRepository{items: map[domain.SKU]domain.StockItem{}, reservations: map[string]*domain.Reservation{}}
}

// StockItem returns a copy of the stored item.
func (r *StockMemoryRepository) StockItem(_ context.Context, sku domain.SKU) (*domain.StockItem, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	it, ok := r.items[sku]
	if !ok {
		return nil, domain.ErrStockItemNotFound
	}
	return &it, nil
}

// UpdateStockItem runs update under the lock.
func (r *StockMemoryRepository) UpdateStockItem(_ context.Context, sku domain.SKU,
	update func(*domain.StockItem) (*domain.StockItem, error)) (*domain.StockItem, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var current *domain.StockItem
	if it, ok := r.items[sku]; ok {
		current = &it
	}
	next, err := update(current)
	if err != nil {
		return nil, err
	}
	if next != current {
		r.items[sku] = *next
	}
	stored := r.items[sku]
	return &stored, nil
}

// Reservation returns the order's record, or nil.
func (r *StockMemoryRepository) Reservation(_ context.Context, orderID string) (*domain.Reservation, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reservations[orderID], nil
}

// Transition checks and applies the move under the lock.
func (r *StockMemoryRepository) Transition(_ context.Context, prev, next *domain.Reservation) error {
	changes, err := domain.StockChanges(prev, next)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	stored := r.reservations[next.OrderID()]
	if (prev == nil) != (stored == nil) || (prev != nil && prev.Status() != stored.Status()) {
		return domain.ErrReservationChanged
	}
	var short []domain.Shortage
	for _, c := range changes {
		it, ok := r.items[c.SKU]
		available := int64(0)
		if ok {
			available = it.Available()
		}
		if c.AvailableDelta() < 0 && available < -c.AvailableDelta() {
			short = append(short, domain.Shortage{SKU: c.SKU, Requested: -c.AvailableDelta(), Available: available})
		}
	}
	if len(short) > 0 {
		return &domain.ShortageError{Shortages: short}
	}
	for _, c := range changes {
		it := r.items[c.SKU]
		r.items[c.SKU] = *domain.UnmarshalStockItem(c.SKU, it.OnHand()+c.OnHand, it.Reserved()+c.Reserved, it.Version()+1, it.UpdatedAt())
	}
	r.reservations[next.OrderID()] = next
	return nil
}

// CheckHealth always succeeds.
func (r *StockMemoryRepository) CheckHealth(context.Context) error { return nil }
