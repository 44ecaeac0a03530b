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
	pub  Publisher
	now  func() time.Time
}

// NewReleaseStockHandler returns a handler storing into repo and
// publishing to pub; now is the clock.
func NewReleaseStockHandler(repo StockRepository, pub Publisher, now func() time.Time) ReleaseStockHandler {
	if repo == nil || pub == nil || now == nil {
		panic("app: NewReleaseStockHandler needs a repository, a publisher and a clock")
	}
	return ReleaseStockHandler{repo: repo, pub: pub, now: now}
}

// Handle releases the order's reserved (or committed) units once and
// publishes StockReleased; a repeat publishes the same event again. When
// the order has no record yet, the cancellation arrived before the
// placement: it leaves a mark, so the late placement reserves nothing.
// A rejected order has nothing to release.
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
	if rec.Status() != domain.Released {
		return rec, nil
	}
	e := StockReleasedOf(rec)
	if err := h.pub.PublishOnce(ctx, rec.OrderID(), rec.ReleasedAt(), e); err != nil {
		return rec, fmt.Errorf("publish %s for order %s: %w", e.EventType(), rec.OrderID(), err)
	}
	return rec, nil
}
