package app

import (
	"context"
	"fmt"
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
}

// NewRecordOrderHandler returns a handler storing in repo.
func NewRecordOrderHandler(repo PaymentRepository, now func() time.Time) RecordOrderHandler {
	if repo == nil || now == nil {
		panic("app: NewRecordOrderHandler needs a repository and a clock")
	}
	return RecordOrderHandler{repo: repo, now: now}
}

// Handle stores the amount; an amount already known stays.
func (h RecordOrderHandler) Handle(ctx context.Context, cmd RecordOrder) error {
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
