package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// CancelShipment stops the shipment of a cancelled order: a customer may
// cancel a confirmed order before it ships.
type CancelShipment struct {
	OrderID string
}

// CancelShipmentHandler handles CancelShipment.
type CancelShipmentHandler struct {
	repo ShipmentRepository
	now  func() time.Time
}

// NewCancelShipmentHandler returns the handler.
func NewCancelShipmentHandler(repo ShipmentRepository, now func() time.Time) CancelShipmentHandler {
	if repo == nil || now == nil {
		panic("app: NewCancelShipmentHandler needs a repository and a clock")
	}
	return CancelShipmentHandler{repo: repo, now: now}
}

// Handle cancels the order's shipment, or leaves a cancellation so that
// a confirmation arriving later schedules nothing (domain.CancelOrder);
// it returns what is stored.
func (h CancelShipmentHandler) Handle(ctx context.Context, cmd CancelShipment) (*domain.Shipment, error) {
	at := h.now()
	s, err := h.repo.UpdateShipment(ctx, cmd.OrderID, func(current *domain.Shipment) (*domain.Shipment, error) {
		return domain.CancelOrder(cmd.OrderID, current, at)
	})
	if err != nil {
		return nil, fmt.Errorf("cancel shipment of order %s: %w", cmd.OrderID, err)
	}
	return s, nil
}
