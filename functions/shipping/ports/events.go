package ports

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/consumer"
)

// RegisterEventHandlers makes c schedule a shipment for every
// OrderConfirmed and cancel it on OrderCancelled (a confirmed order may be
// cancelled before it ships; the two events may arrive in either order).
// An event the use cases find invalid is poison: retrying cannot fix it,
// so it goes to the dead-letter queue, with the reason logged.
func RegisterEventHandlers(c *consumer.Consumer, application app.Application) {
	consumer.Handle(c, func(ctx context.Context, e events.OrderCancelled, _ events.Envelope) error {
		_, err := application.CancelShipment.Handle(ctx, app.CancelShipment{OrderID: e.OrderID})
		return outcome(err)
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderConfirmed, _ events.Envelope) error {
		lines := make([]domain.Line, len(e.Lines))
		for i, l := range e.Lines {
			lines[i] = domain.Line{SKU: l.SKU, Quantity: l.Quantity}
		}
		_, err := application.ScheduleShipment.Handle(ctx, app.ScheduleShipment{OrderID: e.OrderID, CustomerID: e.CustomerID, Lines: lines})
		return outcome(err)
	})
}

// outcome marks an error of kind Invalid as poison; any other error is
// returned as it is, for the message to be retried.
func outcome(err error) error {
	if err != nil && apperr.KindOf(err) == apperr.Invalid {
		return fmt.Errorf("%w: %w", consumer.ErrPoison, err)
	}
	return err
}
