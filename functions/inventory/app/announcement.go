package app

import (
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// Announcement returns the event that announces the decision a stored
// record holds, and when the decision was taken: StockReserved for a
// Reserved record, StockRejected for a Rejected one, StockReleased for a
// Released one. A Committed record and a cancellation mark announce
// nothing (ok is false): committing is the inventory's own bookkeeping,
// and a mark means nothing was ever reserved. The event follows from the
// record alone, so announcing the same record again gives the same event.
func Announcement(rec *domain.Reservation) (e events.Event, at time.Time, ok bool) {
	switch rec.Status() {
	case domain.Reserved:
		return StockReservedOf(rec), rec.DecidedAt(), true
	case domain.Rejected:
		return StockRejectedOf(rec), rec.DecidedAt(), true
	case domain.Released:
		return StockReleasedOf(rec), rec.ReleasedAt(), true
	}
	return nil, time.Time{}, false
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
