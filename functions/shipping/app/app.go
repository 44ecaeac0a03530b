package app

import (
	"context"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// Application is every use case of shipping, wired once in service.
type Application struct {
	ScheduleShipment ScheduleShipmentHandler
	CancelShipment   CancelShipmentHandler
	ShipmentByOrder  ShipmentByOrderHandler
	Health           HealthChecker
}

// ShipmentRepository stores shipments, one per order.
type ShipmentRepository interface {
	// Shipment returns the order's shipment or domain.ErrShipmentNotFound.
	Shipment(ctx context.Context, orderID string) (*domain.Shipment, error)
	// CreateShipment stores s unless the order has a shipment (or a
	// cancellation) already, and returns what the order has either way.
	CreateShipment(ctx context.Context, s *domain.Shipment) (*domain.Shipment, error)
	// CancelShipment cancels the order's shipment, or stores a
	// cancellation when the order has none yet, and returns what is
	// stored. A cancelled shipment stays as it was.
	CancelShipment(ctx context.Context, orderID string, at time.Time) (*domain.Shipment, error)
}

// Publisher puts events on the platform bus.
type Publisher interface {
	PublishEnvelopes(ctx context.Context, envs ...events.Envelope) error
}

// HealthChecker checks the service's own dependencies.
type HealthChecker interface {
	Check(ctx context.Context) error
}
