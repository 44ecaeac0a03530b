package adapters

import (
	"context"
	"fmt"
	"sync"

	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// ShipmentMemoryRepository keeps shipments in memory, with the contract
// of ShipmentDynamoRepository, for tests and demos. Every update runs
// under one lock, so it never conflicts. Shipments never change, so it
// keeps and hands out the same values.
type ShipmentMemoryRepository struct {
	mu        sync.Mutex
	shipments map[string]*domain.Shipment
}

// NewShipmentMemoryRepository returns an empty repository.
func NewShipmentMemoryRepository() *ShipmentMemoryRepository {
	return &ShipmentMemoryRepository{shipments: map[string]*domain.Shipment{}}
}

// Shipment reads one order's shipment.
func (r *ShipmentMemoryRepository) Shipment(_ context.Context, orderID string) (*domain.Shipment, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.shipments[orderID]
	if !ok {
		return nil, domain.ErrShipmentNotFound
	}
	return s, nil
}

// UpdateShipment runs update under the lock.
func (r *ShipmentMemoryRepository) UpdateShipment(_ context.Context, orderID string,
	update func(*domain.Shipment) (*domain.Shipment, error)) (*domain.Shipment, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	current := r.shipments[orderID]
	next, err := update(current)
	if err != nil {
		return nil, err
	}
	if next == current {
		return current, nil
	}
	if next == nil || next.OrderID() != orderID {
		return nil, fmt.Errorf("update shipment %s: the update returned the shipment of another order", orderID)
	}
	r.shipments[orderID] = next
	return next, nil
}

// Check always succeeds.
func (r *ShipmentMemoryRepository) Check(context.Context) error { return nil }
