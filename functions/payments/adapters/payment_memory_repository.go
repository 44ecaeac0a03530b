package adapters

import (
	"context"
	"fmt"
	"sync"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

// PaymentMemoryRepository keeps payments in memory, for tests of the use
// cases. It keeps the same contract as PaymentDynamoRepository, conflicts
// and retries included.
type PaymentMemoryRepository struct {
	mu       sync.Mutex
	payments map[string]domain.Snapshot
}

// NewPaymentMemoryRepository returns an empty repository.
func NewPaymentMemoryRepository() *PaymentMemoryRepository {
	return &PaymentMemoryRepository{payments: map[string]domain.Snapshot{}}
}

// Payment reads one order's payment.
func (r *PaymentMemoryRepository) Payment(_ context.Context, orderID string) (*domain.Payment, error) {
	r.mu.Lock()
	s, ok := r.payments[orderID]
	r.mu.Unlock()
	if !ok {
		return nil, domain.ErrPaymentNotFound
	}
	return domain.FromSnapshot(s)
}

// UpdatePayment changes one payment; see app.PaymentRepository.
func (r *PaymentMemoryRepository) UpdatePayment(ctx context.Context, orderID string, fn func(*domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	p, err := dynamo.Retry(ctx, func(context.Context) (*domain.Payment, error) {
		return r.update(orderID, fn)
	})
	return p, concurrentUpdate(orderID, err)
}

// update is one try of UpdatePayment, failing with dynamo.ErrConflict when
// another writer stored the payment since it was read.
func (r *PaymentMemoryRepository) update(orderID string, fn func(*domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	r.mu.Lock()
	before, ok := r.payments[orderID]
	r.mu.Unlock()
	var cur *domain.Payment
	if ok {
		var err error
		if cur, err = domain.FromSnapshot(before); err != nil {
			return nil, err
		}
	}
	next, after, changed, err := change(orderID, cur, fn)
	if err != nil || !changed {
		return next, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if now, exists := r.payments[orderID]; exists != ok || now.Version != before.Version {
		return nil, fmt.Errorf("put payment %s: %w", orderID, dynamo.ErrConflict)
	}
	r.payments[orderID] = after
	return domain.FromSnapshot(after)
}

// Check always succeeds.
func (r *PaymentMemoryRepository) Check(context.Context) error { return nil }
