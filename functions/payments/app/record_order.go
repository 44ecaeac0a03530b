package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// RecordOrder keeps payments' own copy of an order's amount, learnt from
// OrderPlaced.
type RecordOrder struct {
	OrderID string
	Amount  domain.Money
}

// RecordOrderHandler handles RecordOrder.
type RecordOrderHandler struct {
	repo PaymentRepository
	now  func() time.Time
	log  *slog.Logger
}

// NewRecordOrderHandler returns a handler storing in repo.
func NewRecordOrderHandler(repo PaymentRepository, now func() time.Time, log *slog.Logger) RecordOrderHandler {
	if repo == nil || now == nil || log == nil {
		panic("app: NewRecordOrderHandler needs a repository, a clock and a logger")
	}
	return RecordOrderHandler{repo: repo, now: now, log: log}
}

// Handle stores the amount; an amount already known stays. An amount that
// is not positive is not stored: the order's StockReserved carries it
// again, and the payment is declined then (see AuthorizePaymentHandler).
func (h RecordOrderHandler) Handle(ctx context.Context, cmd RecordOrder) error {
	if !cmd.Amount.Valid() {
		h.log.WarnContext(ctx, "order amount not recorded: it is not one to authorise",
			slog.String("orderId", cmd.OrderID), slog.Int64("amount", cmd.Amount.Amount), slog.String("currency", cmd.Amount.Currency))
		return nil
	}
	_, err := h.repo.UpdatePayment(ctx, cmd.OrderID, func(cur *domain.Payment) (*domain.Payment, error) {
		p, err := orNew(cur, cmd.OrderID, h.now())
		if err != nil {
			return nil, err
		}
		return p.RecordAmount(cmd.Amount)
	})
	if err != nil {
		return fmt.Errorf("record order %s: %w", cmd.OrderID, err)
	}
	return nil
}

func orNew(cur *domain.Payment, orderID string, at time.Time) (*domain.Payment, error) {
	if cur != nil {
		return cur, nil
	}
	return domain.NewPayment(orderID, at)
}
