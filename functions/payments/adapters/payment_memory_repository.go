package adapters

import (
	"context"
	"fmt"
	"sync"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// PaymentMemoryRepository keeps payments in memory, for tests of the use
// cases. It keeps the same contract as PaymentDynamoRepository.
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
func (r *PaymentMemoryRepository) UpdatePayment(_ context.Context, orderID string, fn func(*domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	for range maxWriteAttempts {
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
		next, err := fn(cur)
		if err != nil {
			return nil, err
		}
		if next == nil {
			return nil, fmt.Errorf("update payment %s: the change returned no payment", orderID)
		}
		after := next.Snapshot()
		if ok && after == before {
			return next, nil
		}
		after.Version = before.Version + 1
		r.mu.Lock()
		now, exists := r.payments[orderID]
		if exists != ok || now.Version != before.Version {
			r.mu.Unlock()
			continue
		}
		r.payments[orderID] = after
		r.mu.Unlock()
		next.SetVersion(after.Version)
		return next, nil
	}
	return nil, fmt.Errorf("update payment %s: %w", orderID, domain.ErrConcurrentUpdate)
}

// Check always succeeds.
func (r *PaymentMemoryRepository) Check(context.Context) error { return nil }
