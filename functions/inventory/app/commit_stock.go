package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// CommitStock turns a confirmed order's reservation into a sale.
type CommitStock struct {
	OrderID string
}

// CommitStockHandler handles CommitStock.
type CommitStockHandler struct {
	repo StockRepository
	now  func() time.Time
}

// NewCommitStockHandler returns a handler storing into repo; now is the
// clock.
func NewCommitStockHandler(repo StockRepository, now func() time.Time) CommitStockHandler {
	if repo == nil || now == nil {
		panic("app: NewCommitStockHandler needs a repository and a clock")
	}
	return CommitStockHandler{repo: repo, now: now}
}

// Handle takes the order's reserved units off the stock on hand, once:
// on hand and reserved both go down. A repeat changes nothing, and so does
// a confirmation of an order whose stock was already released (its
// cancellation overtook its confirmation). An order without a record is
// domain.ErrNoReservation.
func (h CommitStockHandler) Handle(ctx context.Context, cmd CommitStock) (*domain.Reservation, error) {
	if _, err := domain.ParseOrderID(cmd.OrderID); err != nil {
		return nil, fmt.Errorf("commit stock: %w", err)
	}
	rec, err := settle(ctx, func(ctx context.Context) (*domain.Reservation, error) {
		current, err := h.repo.Reservation(ctx, cmd.OrderID)
		if err != nil {
			return nil, err
		}
		if current == nil {
			return nil, domain.ErrNoReservation
		}
		if current.Status() != domain.Reserved {
			return current, nil
		}
		next, err := current.Commit(h.now())
		if err != nil {
			return nil, err
		}
		if err := h.repo.Transition(ctx, current, next); err != nil {
			return nil, err
		}
		return next, nil
	})
	if err != nil {
		return nil, fmt.Errorf("commit stock for order %s: %w", cmd.OrderID, err)
	}
	return rec, nil
}
