package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

// Application is every use case of shipping, wired once in service.
type Application struct {
	ScheduleShipment ScheduleShipmentHandler
	CancelShipment   CancelShipmentHandler
	ShipmentByOrder  ShipmentByOrderHandler
	Health           HealthChecker
}

// ShipmentRepository stores shipments, one per order. Implementations
// must be safe for concurrent use and pass the contract suite in adapters.
type ShipmentRepository interface {
	// Shipment returns the order's shipment or domain.ErrShipmentNotFound.
	Shipment(ctx context.Context, orderID string) (*domain.Shipment, error)
	// UpdateShipment loads the order's shipment (nil when it has none),
	// calls update, and stores what update returns, unless that is the
	// loaded shipment itself, which means nothing changed; it returns
	// what the order has then. The write succeeds only if the stored
	// shipment is still the one loaded; otherwise it loads again and
	// retries (dynamo.Retry), and after the last attempt returns an error
	// wrapping dynamo.ErrConflict. An error from update is returned as
	// is, and nothing is stored.
	UpdateShipment(ctx context.Context, orderID string,
		update func(current *domain.Shipment) (*domain.Shipment, error)) (*domain.Shipment, error)
}

// HealthChecker checks the service's own dependencies.
type HealthChecker interface {
	Check(ctx context.Context) error
}
