package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// CancelPayment records that an order was cancelled: an authorised amount
// is refunded, once; a payment not authorised yet never will be.
type CancelPayment struct {
	OrderID string
}

// CancelPaymentHandler handles CancelPayment.
type CancelPaymentHandler struct {
	repo   PaymentRepository
	refund refunder
	now    func() time.Time
}

// NewCancelPaymentHandler returns the handler.
func NewCancelPaymentHandler(repo PaymentRepository, provider Provider, pub Publisher, now func() time.Time) CancelPaymentHandler {
	if repo == nil || provider == nil || pub == nil || now == nil {
		panic("app: NewCancelPaymentHandler needs every dependency")
	}
	return CancelPaymentHandler{repo: repo, now: now,
		refund: refunder{repo: repo, provider: provider, announce: announcer{pub: pub}, now: now}}
}

// Handle voids or refunds the payment. A provider that cannot be reached
// fails the call, so the event is retried.
func (h CancelPaymentHandler) Handle(ctx context.Context, cmd CancelPayment) error {
	p, err := h.repo.UpdatePayment(ctx, cmd.OrderID, func(cur *domain.Payment) (*domain.Payment, error) {
		p, err := orNew(cur, cmd.OrderID, h.now())
		if err != nil {
			return nil, err
		}
		return p.Cancel(h.now()), nil
	})
	if err != nil {
		return fmt.Errorf("cancel payment of order %s: %w", cmd.OrderID, err)
	}
	switch {
	case p.RefundDue():
		return h.refund.refund(ctx, p)
	case p.Status() == domain.StatusRefunded:
		return h.refund.announce.announce(ctx, p)
	}
	return nil
}

// RefundKey is the provider idempotency key of an order's refund.
func RefundKey(orderID string) string { return "refund-" + orderID }

// refunder gives an authorised amount back and announces it.
type refunder struct {
	repo     PaymentRepository
	provider Provider
	announce announcer
	now      func() time.Time
}

func (r refunder) refund(ctx context.Context, p *domain.Payment) error {
	id, err := r.provider.Refund(ctx, RefundRequest{
		OrderID: p.OrderID(), AuthorizationID: p.AuthorizationID(), Amount: p.Amount(), IdempotencyKey: RefundKey(p.OrderID()),
	})
	if err != nil {
		return fmt.Errorf("refund order %s: %w", p.OrderID(), err)
	}
	stored, err := r.repo.UpdatePayment(ctx, p.OrderID(), func(cur *domain.Payment) (*domain.Payment, error) {
		if cur == nil {
			return nil, domain.ErrPaymentNotFound
		}
		return cur.Refund(id, r.now())
	})
	if err != nil {
		return fmt.Errorf("refund order %s: %w", p.OrderID(), err)
	}
	return r.announce.announce(ctx, stored)
}
