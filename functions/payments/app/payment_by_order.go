package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// PaymentByOrderHandler reads the payment of one order.
type PaymentByOrderHandler struct {
	repo PaymentRepository
}

// NewPaymentByOrderHandler returns a handler reading from repo.
func NewPaymentByOrderHandler(repo PaymentRepository) PaymentByOrderHandler {
	if repo == nil {
		panic("app: NewPaymentByOrderHandler needs a repository")
	}
	return PaymentByOrderHandler{repo: repo}
}

// Handle returns the payment or domain.ErrPaymentNotFound.
func (h PaymentByOrderHandler) Handle(ctx context.Context, orderID string) (*domain.Payment, error) {
	if err := domain.ValidateOrderID(orderID); err != nil {
		return nil, err
	}
	p, err := h.repo.Payment(ctx, orderID)
	if err != nil {
		return nil, fmt.Errorf("payment of order %s: %w", orderID, err)
	}
	return p, nil
}
