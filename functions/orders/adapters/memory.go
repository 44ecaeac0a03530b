package adapters

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

// OrderMemoryEventStore is an EventStore in memory, for tests of the use
// cases. It keeps the DynamoDB store's rules: one commit per command,
// conflicts on the same version, bounded retries.
type OrderMemoryEventStore struct {
	mu      sync.Mutex
	commits map[domain.OrderID][][]domain.Event
}

// NewOrderMemoryEventStore returns an empty store.
func NewOrderMemoryEventStore() *OrderMemoryEventStore {
	return &OrderMemoryEventStore{commits: map[domain.OrderID][][]domain.Event{}}
}

func (s *OrderMemoryEventStore) snapshot(id domain.OrderID) (*domain.Order, int, error) {
	s.mu.Lock()
	commits := slices.Clone(s.commits[id])
	s.mu.Unlock()
	if len(commits) == 0 {
		return nil, 0, nil
	}
	o, err := domain.Rehydrate(commits)
	return o, len(commits), err
}

// Load folds the order's commits.
func (s *OrderMemoryEventStore) Load(_ context.Context, id domain.OrderID) (*domain.Order, error) {
	o, _, err := s.snapshot(id)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, domain.ErrOrderNotFound
	}
	return o, nil
}

// errCommittedMeanwhile is the conflict of a command whose snapshot another
// command's commit made stale.
var errCommittedMeanwhile = fmt.Errorf("another command committed first: %w", dynamo.ErrConflict)

// Append decides on a snapshot and commits if no other commit came first,
// retried by dynamo.Retry as the DynamoDB store is.
func (s *OrderMemoryEventStore) Append(ctx context.Context, id domain.OrderID,
	decide func(context.Context, *domain.Order) ([]domain.Event, error)) (*domain.Order, error) {
	o, err := dynamo.Retry(ctx, func(ctx context.Context) (*domain.Order, error) {
		current, n, err := s.snapshot(id)
		if err != nil {
			return nil, err
		}
		evs, err := decide(ctx, current)
		if err != nil {
			return nil, err
		}
		if len(evs) == 0 {
			return current, nil
		}
		next, err := domain.Apply(current, int64(n+1), evs)
		if err != nil {
			return nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.commits[id]) != n {
			return nil, errCommittedMeanwhile
		}
		s.commits[id] = append(s.commits[id], slices.Clone(evs))
		return next, nil
	})
	if err != nil {
		return nil, concurrentUpdate(err)
	}
	return o, nil
}

// OrderIDs lists every order.
func (s *OrderMemoryEventStore) OrderIDs(_ context.Context, fn func(domain.OrderID) error) error {
	s.mu.Lock()
	ids := make([]domain.OrderID, 0, len(s.commits))
	for id := range s.commits {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	for _, id := range ids {
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}

// OrderMemoryReadModel is a ReadModel in memory.
type OrderMemoryReadModel struct {
	mu     sync.Mutex
	orders map[domain.OrderID]*domain.Order
}

// NewOrderMemoryReadModel returns an empty read model.
func NewOrderMemoryReadModel() *OrderMemoryReadModel {
	return &OrderMemoryReadModel{orders: map[domain.OrderID]*domain.Order{}}
}

// Save stores o unless a copy of the same or a later version is stored.
func (r *OrderMemoryReadModel) Save(_ context.Context, o *domain.Order) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.orders[o.ID()]; ok && cur.Version() >= o.Version() {
		return false, nil
	}
	r.orders[o.ID()] = o
	return true, nil
}

// Order returns the stored copy.
func (r *OrderMemoryReadModel) Order(_ context.Context, id domain.OrderID) (*domain.Order, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, ok := r.orders[id]
	if !ok {
		return nil, domain.ErrOrderNotFound
	}
	return o, nil
}

// CustomerOrders pages through the customer's orders, newest first.
func (r *OrderMemoryReadModel) CustomerOrders(_ context.Context, customerID, after string, limit int) ([]*domain.Order, string, error) {
	r.mu.Lock()
	var mine []*domain.Order
	for _, o := range r.orders {
		if o.CustomerID() == customerID && (after == "" || CustomerPosition(o) < after) {
			mine = append(mine, o)
		}
	}
	r.mu.Unlock()
	slices.SortFunc(mine, func(a, b *domain.Order) int { return strings.Compare(CustomerPosition(b), CustomerPosition(a)) })
	if len(mine) <= limit {
		return mine, "", nil
	}
	mine = mine[:limit]
	return mine, CustomerPosition(mine[limit-1]), nil
}

// ProductMemoryCopy is a ProductCopy in memory.
type ProductMemoryCopy struct {
	mu       sync.Mutex
	products map[domain.SKU]domain.Product
}

// NewProductMemoryCopy returns an empty copy.
func NewProductMemoryCopy() *ProductMemoryCopy {
	return &ProductMemoryCopy{products: map[domain.SKU]domain.Product{}}
}

// Products returns the copies it holds of the SKUs.
func (c *ProductMemoryCopy) Products(_ context.Context, skus []domain.SKU) (map[domain.SKU]domain.Product, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[domain.SKU]domain.Product{}
	for _, sku := range skus {
		if p, ok := c.products[sku]; ok {
			out[sku] = p
		}
	}
	return out, nil
}

// PutProduct stores p when it is newer than the stored copy.
func (c *ProductMemoryCopy) PutProduct(_ context.Context, p domain.Product) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cur, ok := c.products[p.SKU]
	if ok && !(cur.Version < p.Version || (cur.Version == p.Version && p.Deleted && !cur.Deleted)) {
		return false, nil
	}
	c.products[p.SKU] = p
	return true, nil
}
