package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// Application is every use case of shipping, wired once in service.
type Application struct {
	ScheduleShipment ScheduleShipmentHandler
	ShipmentByOrder  ShipmentByOrderHandler
	Health           HealthChecker
}

// ShipmentRepository stores shipments, one per order.
type ShipmentRepository interface {
	// Shipment returns the order's shipment or domain.ErrShipmentNotFound.
	Shipment(ctx context.Context, orderID string) (*domain.Shipment, error)
	// CreateShipment stores s unless the order has a shipment already,
	// and returns the order's one shipment either way.
	CreateShipment(ctx context.Context, s *domain.Shipment) (*domain.Shipment, error)
}

// Publisher puts events on the platform bus.
type Publisher interface {
	PublishEnvelopes(ctx context.Context, envs ...events.Envelope) error
}

// HealthChecker checks the service's own dependencies.
type HealthChecker interface {
	Check(ctx context.Context) error
}
