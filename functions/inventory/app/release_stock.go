package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// ReleaseStock frees the stock of a cancelled order.
type ReleaseStock struct {
	OrderID string
}

// ReleaseStockHandler handles ReleaseStock.
type ReleaseStockHandler struct {
	repo StockRepository
	now  func() time.Time
}

// NewReleaseStockHandler returns a handler storing into repo; now is the
// clock.
func NewReleaseStockHandler(repo StockRepository, now func() time.Time) ReleaseStockHandler {
	if repo == nil || now == nil {
		panic("app: NewReleaseStockHandler needs a repository and a clock")
	}
	return ReleaseStockHandler{repo: repo, now: now}
}

// Handle releases the order's reserved (or committed) units once, in the
// transaction that marks its record Released; inventory-publisher
// announces that as StockReleased from the table's stream. A repeat finds
// the record released and changes nothing. When the order has no record
// yet, the cancellation arrived before the placement: it leaves a mark, so
// the late placement reserves nothing. A rejected order has nothing to
// release.
func (h ReleaseStockHandler) Handle(ctx context.Context, cmd ReleaseStock) (*domain.Reservation, error) {
	if _, err := domain.ParseOrderID(cmd.OrderID); err != nil {
		return nil, fmt.Errorf("release stock: %w", err)
	}
	rec, err := settle(ctx, func(ctx context.Context) (*domain.Reservation, error) {
		current, err := h.repo.Reservation(ctx, cmd.OrderID)
		if err != nil {
			return nil, err
		}
		var next *domain.Reservation
		switch {
		case current == nil:
			next, err = domain.NewCancellationMark(cmd.OrderID, h.now())
		case current.Status() == domain.Reserved || current.Status() == domain.Committed:
			next, err = current.Release(h.now())
		default:
			return current, nil
		}
		if err != nil {
			return nil, err
		}
		if err := h.repo.Transition(ctx, current, next); err != nil {
			return nil, err
		}
		return next, nil
	})
	if err != nil {
		return nil, fmt.Errorf("release stock for order %s: %w", cmd.OrderID, err)
	}
	return rec, nil
}
