package ports

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// RegisterEventHandlers registers on c the handlers of the events orders
// reacts to:
// ProductUpserted and ProductDeleted keep the catalog copy; StockRejected
// cancels the order (reason out_of_stock) and PaymentDeclined cancels it
// (reason payment_declined) unless it is cancelled already;
// PaymentAuthorized confirms a pending order; ShipmentScheduled ships a
// confirmed one; orders' own OrderPlaced starts the order's saga deadline,
// and the function's own delayed OrderDeadlineDue checks it, cancelling
// (reason saga_timeout) an order still pending when it is due.
// c handles each event once per id.
func RegisterEventHandlers(c *consumer.Consumer, application app.Application, log *slog.Logger) {
	sync := application.Commands.SyncProduct
	consumer.Handle(c, func(ctx context.Context, e events.ProductUpserted, _ events.Envelope) error {
		_, err := sync.Handle(ctx, domain.Product{
			SKU: domain.SKU(e.SKU), Name: e.Name, Active: e.Active, Version: e.ProductVersion,
			Price: domain.Money{Amount: e.Price.Amount, Currency: e.Price.Currency},
		})
		return err
	})
	consumer.Handle(c, func(ctx context.Context, e events.ProductDeleted, _ events.Envelope) error {
		_, err := sync.Handle(ctx, domain.Product{SKU: domain.SKU(e.SKU), Version: e.ProductVersion, Deleted: true})
		return err
	})
	cancel := application.Commands.CancelOrder
	consumer.Handle(c, func(ctx context.Context, e events.StockRejected, _ events.Envelope) error {
		id, err := domain.ParseOrderID(e.OrderID)
		if err != nil {
			return fmt.Errorf("%w: StockRejected for %v", consumer.ErrPoison, err)
		}
		o, err := cancel.Handle(ctx, app.CancelOrder{ID: id, Reason: domain.ReasonOutOfStock, IfCancellable: true})
		if err != nil {
			return unknownOrder(ctx, log, e, err)
		}
		if o.CancelReason() == domain.ReasonOutOfStock {
			recordCancelled(ctx, o)
		}
		return nil
	})
	consumer.Handle(c, func(ctx context.Context, e events.PaymentAuthorized, _ events.Envelope) error {
		id, err := domain.ParseOrderID(e.OrderID)
		if err != nil {
			return fmt.Errorf("%w: PaymentAuthorized for %v", consumer.ErrPoison, err)
		}
		o, err := application.Commands.ConfirmOrder.Handle(ctx, app.ConfirmOrder{ID: id})
		if err != nil {
			return unknownOrder(ctx, log, e, err)
		}
		if o.Status() == domain.StatusConfirmed {
			recordConfirmed(ctx, o)
		}
		return nil
	})
	consumer.Handle(c, func(ctx context.Context, e events.PaymentDeclined, _ events.Envelope) error {
		id, err := domain.ParseOrderID(e.OrderID)
		if err != nil {
			return fmt.Errorf("%w: PaymentDeclined for %v", consumer.ErrPoison, err)
		}
		o, err := cancel.Handle(ctx, app.CancelOrder{ID: id, Reason: domain.ReasonPaymentDeclined, IfCancellable: true})
		if err != nil {
			return unknownOrder(ctx, log, e, err)
		}
		if o.CancelReason() == domain.ReasonPaymentDeclined {
			recordCancelled(ctx, o)
		}
		return nil
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderPlaced, _ events.Envelope) error {
		id, err := domain.ParseOrderID(e.OrderID)
		if err != nil || e.PlacedAt.IsZero() {
			return fmt.Errorf("%w: OrderPlaced without an order id or a placing time: %q %v", consumer.ErrPoison, e.OrderID, e.PlacedAt)
		}
		return application.Commands.StartSagaDeadline.Handle(ctx, app.StartSagaDeadline{ID: id, PlacedAt: e.PlacedAt})
	})
	consumer.Handle(c, func(ctx context.Context, e app.OrderDeadlineDue, _ events.Envelope) error {
		id, err := domain.ParseOrderID(e.OrderID)
		if err != nil || e.DueAt.IsZero() || e.Hop < 1 {
			return fmt.Errorf("%w: %s names no order, due time or hop: %+v", consumer.ErrPoison, e.EventType(), e)
		}
		ctx = logging.WithAttrs(ctx, slog.String("orderId", e.OrderID), slog.Int("hop", e.Hop))
		res, err := application.Commands.CheckSagaDeadline.Handle(ctx, app.CheckSagaDeadline{ID: id, DueAt: e.DueAt, Hop: e.Hop})
		if err != nil {
			return unknownOrder(ctx, log, e, err)
		}
		if res.Outcome == app.DeadlineExpired {
			metrics.FromContext(ctx).Add(metrics.MetricSagaDeadlinesExpired, 1, metrics.Count)
			recordCancelled(ctx, res.Order)
			if log != nil {
				log.WarnContext(ctx, "order still pending at its saga deadline: cancelled (saga_timeout)",
					slog.Time("placedAt", res.Order.PlacedAt()), slog.Time("dueAt", e.DueAt))
			}
		}
		return nil
	})
	consumer.Handle(c, func(ctx context.Context, e events.ShipmentScheduled, _ events.Envelope) error {
		id, err := domain.ParseOrderID(e.OrderID)
		if err != nil {
			return fmt.Errorf("%w: ShipmentScheduled for %v", consumer.ErrPoison, err)
		}
		_, err = application.Commands.ShipOrder.Handle(ctx, app.ShipOrder{
			ID: id, ShipmentID: e.ShipmentID, Carrier: e.Carrier, TrackingNumber: e.TrackingNumber,
		})
		if err != nil {
			return unknownOrder(ctx, log, e, err)
		}
		return nil
	})
}

// unknownOrder drops a reaction to an order this service never stored,
// with a warning: orders exist before any event about them, so such an
// event will never apply and retrying it would only fill the DLQ. Any
// other error is returned for a retry.
func unknownOrder(ctx context.Context, log *slog.Logger, e events.Event, err error) error {
	if !errors.Is(err, domain.ErrOrderNotFound) {
		return err
	}
	if log != nil {
		log.WarnContext(ctx, "event about an unknown order dropped", slog.String("event_type", e.EventType()), slog.String("error", err.Error()))
	}
	return nil
}
