package ports

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/logging"
)

// RegisterSagaHandlers registers on c, the consumer of the saga queue, the
// handlers of its messages: the platform events OrderPlaced, StockReserved
// and OrderCancelled, and the saga's own delayed messages, PaymentRetryDue
// of parked authorisations and PaymentSettleDue of parked refunds and
// voids.
func RegisterSagaHandlers(c *consumer.Consumer, application app.Application) {
	commands := application.Commands
	consumer.Handle(c, func(ctx context.Context, e events.OrderPlaced, _ events.Envelope) error {
		return commands.RecordOrder.Handle(ctx, app.RecordOrder{OrderID: e.OrderID, Amount: money(e.Total)})
	})
	consumer.Handle(c, func(ctx context.Context, e events.StockReserved, _ events.Envelope) error {
		return commands.AuthorizePayment.Handle(ctx, app.AuthorizePayment{OrderID: e.OrderID, Amount: money(e.Total)})
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderCancelled, _ events.Envelope) error {
		return commands.CancelPayment.Handle(ctx, app.CancelPayment{OrderID: e.OrderID})
	})
	consumer.Handle(c, func(ctx context.Context, e app.PaymentRetryDue, _ events.Envelope) error {
		if e.OrderID == "" || e.Attempt < 1 {
			return fmt.Errorf("%w: %s names no order or no attempt: %+v", consumer.ErrPoison, e.EventType(), e)
		}
		ctx = logging.WithAttrs(ctx, slog.String("orderId", e.OrderID), slog.Int("attempt", e.Attempt))
		return commands.AuthorizePayment.Handle(ctx, app.AuthorizePayment{OrderID: e.OrderID, Attempt: e.Attempt})
	})
	consumer.Handle(c, func(ctx context.Context, e app.PaymentSettleDue, _ events.Envelope) error {
		if e.OrderID == "" || e.Attempt < 1 {
			return fmt.Errorf("%w: %s names no order or no attempt: %+v", consumer.ErrPoison, e.EventType(), e)
		}
		ctx = logging.WithAttrs(ctx, slog.String("orderId", e.OrderID), slog.Int("settleAttempt", e.Attempt))
		return commands.SettlePayment.Handle(ctx, app.SettlePayment(e))
	})
}

func money(m events.Money) domain.Money { return domain.Money{Amount: m.Amount, Currency: m.Currency} }
