package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/events"
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
	pub  Publisher
	now  func() time.Time
}

// NewReserveStockHandler returns a handler storing into repo and
// publishing to pub; now is the clock.
func NewReserveStockHandler(repo StockRepository, pub Publisher, now func() time.Time) ReserveStockHandler {
	if repo == nil || pub == nil || now == nil {
		panic("app: NewReserveStockHandler needs a repository, a publisher and a clock")
	}
	return ReserveStockHandler{repo: repo, pub: pub, now: now}
}

// Handle decides the order once: it reserves every line in one transaction
// that also writes the order's reservation record, or, when some lines
// lack stock, writes a rejection record naming them. It then publishes the
// decision: StockReserved or StockRejected. When the order already has a
// record (a repeated delivery, or a retry after a failed publish) it
// publishes the same event again, with the same id (PublishOnce keys it by
// the order), and changes nothing; when the order was cancelled first it
// reserves and publishes nothing.
// Invalid lines are an Invalid error.
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
	if err := h.publish(ctx, rec); err != nil {
		return rec, err
	}
	return rec, nil
}

// publish sends the event of the order's reservation decision, if it has
// one to send.
func (h ReserveStockHandler) publish(ctx context.Context, rec *domain.Reservation) error {
	var e events.Event
	switch rec.Status() {
	case domain.Reserved, domain.Committed:
		e = StockReservedOf(rec)
	case domain.Rejected:
		e = StockRejectedOf(rec)
	default:
		return nil
	}
	if err := h.pub.PublishOnce(ctx, rec.OrderID(), rec.DecidedAt(), e); err != nil {
		return fmt.Errorf("publish %s for order %s: %w", e.EventType(), rec.OrderID(), err)
	}
	return nil
}

// StockReservedOf returns the StockReserved event of a record that was
// reserved.
func StockReservedOf(rec *domain.Reservation) events.StockReserved {
	total := rec.Total()
	return events.StockReserved{
		OrderID: rec.OrderID(), Lines: stockLines(rec.Lines()),
		Total:      events.Money{Amount: total.Amount, Currency: total.Currency},
		ReservedAt: rec.DecidedAt(),
	}
}

// StockRejectedOf returns the StockRejected event of a rejected record.
func StockRejectedOf(rec *domain.Reservation) events.StockRejected {
	shortages := rec.Shortages()
	out := make([]events.Shortage, len(shortages))
	for i, s := range shortages {
		out[i] = events.Shortage{SKU: string(s.SKU), Requested: int(s.Requested), Available: int(max(s.Available, 0))}
	}
	return events.StockRejected{OrderID: rec.OrderID(), Shortages: out, RejectedAt: rec.DecidedAt()}
}

// StockReleasedOf returns the StockReleased event of a released record.
func StockReleasedOf(rec *domain.Reservation) events.StockReleased {
	return events.StockReleased{OrderID: rec.OrderID(), Lines: stockLines(rec.Lines()), ReleasedAt: rec.ReleasedAt()}
}

func stockLines(lines []domain.Line) []events.StockLine {
	out := make([]events.StockLine, len(lines))
	for i, l := range lines {
		out[i] = events.StockLine{SKU: string(l.SKU), Quantity: int(l.Quantity)}
	}
	return out
}
