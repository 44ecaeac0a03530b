package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// ShipmentByOrder asks for an order's shipment on behalf of a caller.
type ShipmentByOrder struct {
	OrderID string
	// Subject is the caller's user id; Admin says whether they are an
	// administrator.
	Subject string
	Admin   bool
}

// ShipmentByOrderHandler reads one order's shipment.
type ShipmentByOrderHandler struct {
	repo ShipmentRepository
}

// NewShipmentByOrderHandler returns a handler reading from repo.
func NewShipmentByOrderHandler(repo ShipmentRepository) ShipmentByOrderHandler {
	if repo == nil {
		panic("app: NewShipmentByOrderHandler needs a repository")
	}
	return ShipmentByOrderHandler{repo: repo}
}

// Handle returns the shipment, or domain.ErrShipmentNotFound when there
// is none or the caller may not see it.
func (h ShipmentByOrderHandler) Handle(ctx context.Context, q ShipmentByOrder) (*domain.Shipment, error) {
	s, err := h.repo.Shipment(ctx, q.OrderID)
	if err != nil {
		return nil, fmt.Errorf("shipment of order %s: %w", q.OrderID, err)
	}
	if !s.VisibleTo(q.Subject, q.Admin) {
		return nil, fmt.Errorf("shipment of order %s: %w", q.OrderID, domain.ErrShipmentNotFound)
	}
	return s, nil
}
