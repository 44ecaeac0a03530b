package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// ReserveStock reserves every line of a placed order, or none.
type ReserveStock struct {
	OrderID string
	Lines   []domain.Line
	Total   domain.Money
}

// ReserveStockHandler handles ReserveStock.
type ReserveStockHandler struct {
	repo StockRepository
	now  func() time.Time
}

// NewReserveStockHandler returns a handler storing into repo; now is the
// clock.
func NewReserveStockHandler(repo StockRepository, now func() time.Time) ReserveStockHandler {
	if repo == nil || now == nil {
		panic("app: NewReserveStockHandler needs a repository and a clock")
	}
	return ReserveStockHandler{repo: repo, now: now}
}

// Handle decides the order once: it reserves every line in one transaction
// that also writes the order's reservation record, or, when some lines
// lack stock, writes a rejection record naming them. The record is the
// decision; inventory-publisher announces it from the table's stream
// (StockReserved or StockRejected, see Announcement), so it is published
// if and only if it was stored, however long the bus is down. When the
// order already has a record (a repeated delivery) it returns that record
// and changes nothing; when the order was cancelled first it reserves
// nothing. Invalid lines are an Invalid error.
func (h ReserveStockHandler) Handle(ctx context.Context, cmd ReserveStock) (*domain.Reservation, error) {
	if _, err := domain.NewReservation(cmd.OrderID, cmd.Lines, cmd.Total, h.now()); err != nil {
		return nil, fmt.Errorf("reserve stock for order %q: %w", cmd.OrderID, err)
	}
	rec, err := settle(ctx, func(ctx context.Context) (*domain.Reservation, error) {
		current, err := h.repo.Reservation(ctx, cmd.OrderID)
		if err != nil || current != nil {
			return current, err
		}
		next, err := domain.NewReservation(cmd.OrderID, cmd.Lines, cmd.Total, h.now())
		if err != nil {
			return nil, err
		}
		err = h.repo.Transition(ctx, nil, next)
		var short *domain.ShortageError
		if errors.As(err, &short) {
			if next, err = domain.NewRejection(cmd.OrderID, short.Shortages, h.now()); err != nil {
				return nil, err
			}
			err = h.repo.Transition(ctx, nil, next)
		}
		if err != nil {
			return nil, err
		}
		return next, nil
	})
	if err != nil {
		return nil, fmt.Errorf("reserve stock for order %s: %w", cmd.OrderID, err)
	}
	return rec, nil
}
