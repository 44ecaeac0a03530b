package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// CancelPayment records that an order was cancelled: an authorised amount
// is refunded, once; a payment not authorised yet never will be, and
// whatever an unanswered try may have authorised is voided.
type CancelPayment struct {
	OrderID string
}

// CancelPaymentHandler handles CancelPayment.
type CancelPaymentHandler struct {
	repo   PaymentRepository
	settle settler
	now    func() time.Time
}

// NewCancelPaymentHandler returns the handler; settle paces the parked
// refunds and voids.
func NewCancelPaymentHandler(repo PaymentRepository, provider Provider, retries RetryScheduler, settle ParkPolicy, now func() time.Time, log *slog.Logger) CancelPaymentHandler {
	if repo == nil || provider == nil || retries == nil || now == nil || log == nil {
		panic("app: NewCancelPaymentHandler needs every dependency")
	}
	return CancelPaymentHandler{repo: repo, now: now, settle: newSettler(repo, provider, retries, settle, now, log)}
}

// Handle voids the payment, or refunds it. A provider that cannot be
// reached parks the refund or void with a delayed retry: the event itself
// is done.
func (h CancelPaymentHandler) Handle(ctx context.Context, cmd CancelPayment) error {
	p, err := update(ctx, h.repo, cmd.OrderID, func(cur *domain.Payment) (*domain.Payment, error) {
		p, err := orNew(cur, cmd.OrderID, h.now())
		if err != nil {
			return nil, err
		}
		return p.Cancel(h.now()), nil
	})
	if err != nil {
		return fmt.Errorf("cancel payment of order %s: %w", cmd.OrderID, err)
	}
	return h.settle.settle(ctx, p)
}
