package ports

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// RegisterEventHandlers registers the inventory's handlers of order events
// with c: OrderPlaced reserves, OrderCancelled releases, OrderConfirmed
// commits. An event the use cases find invalid is poison: retrying cannot
// fix it, so it goes to the dead-letter queue.
func RegisterEventHandlers(c *consumer.Consumer, application app.Application, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	consumer.Handle(c, func(ctx context.Context, e events.OrderPlaced, _ events.Envelope) error {
		lines := make([]domain.Line, len(e.Lines))
		for i, l := range e.Lines {
			lines[i] = domain.Line{SKU: domain.SKU(l.SKU), Quantity: int64(l.Quantity)}
		}
		rec, err := application.Commands.ReserveStock.Handle(ctx, app.ReserveStock{
			OrderID: e.OrderID, Lines: lines, Total: domain.Money{Amount: e.Total.Amount, Currency: e.Total.Currency},
		})
		return outcome(ctx, log, "reserve", e.OrderID, rec, err)
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderCancelled, _ events.Envelope) error {
		rec, err := application.Commands.ReleaseStock.Handle(ctx, app.ReleaseStock{OrderID: e.OrderID})
		return outcome(ctx, log, "release", e.OrderID, rec, err)
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderConfirmed, _ events.Envelope) error {
		rec, err := application.Commands.CommitStock.Handle(ctx, app.CommitStock{OrderID: e.OrderID})
		return outcome(ctx, log, "commit", e.OrderID, rec, err)
	})
}

// outcome logs and counts where the order's reservation stands after the
// handling, and marks invalid events as poison.
func outcome(ctx context.Context, log *slog.Logger, action, orderID string, rec *domain.Reservation, err error) error {
	if err != nil {
		if apperr.KindOf(err) == apperr.Invalid {
			return fmt.Errorf("%w: %w", consumer.ErrPoison, err)
		}
		return err
	}
	log.InfoContext(ctx, "order handled", slog.String("action", action), slog.String("orderId", orderID),
		slog.String("reservation", string(rec.Status())))
	if name := metricName(rec.Status()); name != "" {
		metrics.FromContext(ctx).Add(name, 1, metrics.Count)
	}
	return nil
}

// metricName is the catalogued metric that counts reservations reaching
// a status, "" for a status no metric counts.
func metricName(s domain.Status) string {
	switch s {
	case domain.Reserved:
		return metrics.MetricReservationReserved
	case domain.Rejected:
		return metrics.MetricReservationRejected
	case domain.Committed:
		return metrics.MetricReservationCommitted
	case domain.Released:
		return metrics.MetricReservationReleased
	case domain.CancelledFirst:
		return metrics.MetricReservationCancelledFirst
	}
	return ""
}
