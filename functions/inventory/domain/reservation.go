package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Limits on a reservation.
const (
	// MaxLines is the most distinct SKUs one reservation holds: it is
	// written in one DynamoDB transaction of at most 100 items, one per
	// SKU and the reservation record (events.MaxOrderLines).
	MaxLines = 99
	// MaxQuantity is the most units of one SKU one reservation holds.
	MaxQuantity = MaxOnHand
	// MaxOrderIDLength is the longest order id.
	MaxOrderIDLength = 128
)

// Status is where an order's reservation stands.
type Status string

// The statuses of a reservation record.
const (
	// Reserved: every line is held for the order.
	Reserved Status = "RESERVED"
	// Rejected: some lines lacked stock, and nothing was reserved.
	Rejected Status = "REJECTED"
	// Committed: the order was confirmed; its units left the stock on hand.
	Committed Status = "COMMITTED"
	// Released: the order was cancelled after its stock was reserved (or
	// committed); the units are available again.
	Released Status = "RELEASED"
	// CancelledFirst: the order's cancellation arrived before its
	// placement; a late placement reserves nothing.
	CancelledFirst Status = "CANCELLED_BEFORE_RESERVATION"
)

// Line is a quantity of one SKU.
type Line struct {
	SKU      SKU
	Quantity int64
}

// Money is an amount in the currency's minor units and an ISO 4217 code.
type Money struct {
	Amount   int64
	Currency string
}

// Reservation is the record of what inventory decided for one order. It
// exists at most once per order: the first decision (reserved, rejected, or
// cancelled before any reservation) is written only where no record exists,
// which makes every handler of order events idempotent.
type Reservation struct {
	orderID   string
	status    Status
	lines     []Line
	total     Money
	shortages []Shortage
	// decidedAt is when the record was first written: the time of the
	// reservation, the rejection or the early cancellation.
	decidedAt   time.Time
	committedAt time.Time
	releasedAt  time.Time
}

// ParseOrderID validates an order id: 1-128 printable characters.
func ParseOrderID(id string) (string, error) {
	if id == "" || len(id) > MaxOrderIDLength || !utf8.ValidString(id) || strings.ContainsFunc(id, func(r rune) bool { return r < 0x21 || r == 0x7f }) {
		return "", apperr.Validation(apperr.FieldError{Field: "orderId", Reason: "must be 1-128 printable characters without spaces"})
	}
	return id, nil
}

// NormalizeLines validates lines and merges the lines of one SKU, in the
// order of first appearance: a transaction may touch each stock item once.
func NormalizeLines(lines []Line) ([]Line, error) {
	var f apperr.Fields
	if len(lines) == 0 {
		f.Add("lines", "must hold at least one line")
	}
	var out []Line
	index := map[SKU]int{}
	for _, l := range lines {
		if _, err := ParseSKU(string(l.SKU)); err != nil {
			f.Add("lines.sku", "must be a SKU, not "+quote(string(l.SKU)))
			continue
		}
		if l.Quantity < 1 || l.Quantity > MaxQuantity {
			f.Add("lines.quantity", "must be within 1-1000000000")
			continue
		}
		if i, ok := index[l.SKU]; ok {
			out[i].Quantity += l.Quantity
			if out[i].Quantity > MaxQuantity {
				f.Add("lines.quantity", "must add up to at most 1000000000 per SKU")
			}
			continue
		}
		index[l.SKU] = len(out)
		out = append(out, l)
	}
	if len(out) > MaxLines {
		f.Add("lines", "must name at most 99 distinct SKUs")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func quote(s string) string {
	if len(s) > 70 {
		s = s[:70] + "…"
	}
	return `"` + s + `"`
}

// NewReservation returns the record of an order whose lines are all
// reserved. The lines must come from NormalizeLines.
func NewReservation(orderID string, lines []Line, total Money, now time.Time) (*Reservation, error) {
	if _, err := ParseOrderID(orderID); err != nil {
		return nil, err
	}
	lines, err := NormalizeLines(lines)
	if err != nil {
		return nil, err
	}
	return &Reservation{orderID: orderID, status: Reserved, lines: lines, total: total, decidedAt: now.UTC()}, nil
}

// NewRejection returns the record of an order that could not be reserved
// for the given shortages.
func NewRejection(orderID string, shortages []Shortage, now time.Time) (*Reservation, error) {
	if _, err := ParseOrderID(orderID); err != nil {
		return nil, err
	}
	if len(shortages) == 0 {
		return nil, apperr.New(apperr.Invalid, "a rejection names at least one shortage")
	}
	return &Reservation{orderID: orderID, status: Rejected, shortages: slices.Clone(shortages), decidedAt: now.UTC()}, nil
}

// NewCancellationMark returns the record of an order cancelled before any
// reservation was made for it.
func NewCancellationMark(orderID string, now time.Time) (*Reservation, error) {
	if _, err := ParseOrderID(orderID); err != nil {
		return nil, err
	}
	return &Reservation{orderID: orderID, status: CancelledFirst, decidedAt: now.UTC()}, nil
}

// Commit returns the record of the order confirmed: its reserved units
// leave the stock on hand. Only a Reserved record can be committed.
func (r *Reservation) Commit(now time.Time) (*Reservation, error) {
	if r.status != Reserved {
		return nil, ErrInvalidTransition
	}
	next := r.clone()
	next.status, next.committedAt = Committed, now.UTC()
	return next, nil
}

// Release returns the record of the order cancelled after its stock was
// reserved or committed: the units are available again. Only a Reserved or
// Committed record can be released.
func (r *Reservation) Release(now time.Time) (*Reservation, error) {
	if r.status != Reserved && r.status != Committed {
		return nil, ErrInvalidTransition
	}
	next := r.clone()
	next.status, next.releasedAt = Released, now.UTC()
	return next, nil
}

func (r *Reservation) clone() *Reservation {
	next := *r
	next.lines = slices.Clone(r.lines)
	next.shortages = slices.Clone(r.shortages)
	return &next
}

// OrderID returns the order's id.
func (r *Reservation) OrderID() string { return r.orderID }

// Status returns where the reservation stands.
func (r *Reservation) Status() Status { return r.status }

// Lines returns the reserved lines, one per SKU; none unless the stock was
// reserved at some point.
func (r *Reservation) Lines() []Line { return slices.Clone(r.lines) }

// Total returns the order's total, copied from its placement.
func (r *Reservation) Total() Money { return r.total }

// Shortages returns the lines that lacked stock, for a Rejected record.
func (r *Reservation) Shortages() []Shortage { return slices.Clone(r.shortages) }

// DecidedAt is when the record was first written, in UTC.
func (r *Reservation) DecidedAt() time.Time { return r.decidedAt }

// CommittedAt is when the order's units left the stock; zero unless
// committed at some point.
func (r *Reservation) CommittedAt() time.Time { return r.committedAt }

// ReleasedAt is when the order's units became available again; zero unless
// Released.
func (r *Reservation) ReleasedAt() time.Time { return r.releasedAt }

// StockChange is what a reservation's change does to one stock item.
// Available changes by OnHand - Reserved.
type StockChange struct {
	SKU      SKU
	OnHand   int64
	Reserved int64
}

// AvailableDelta is how the item's available units change.
func (c StockChange) AvailableDelta() int64 { return c.OnHand - c.Reserved }

// StockChanges returns the stock changes of the move from prev (nil when
// the order has no record yet) to next: reserving holds units, releasing
// frees them, committing takes them off the stock on hand, and releasing
// a committed order puts them back. A move that writes a record only
// (rejection, early cancellation) changes no stock. It fails for a move the
// model does not allow.
func StockChanges(prev, next *Reservation) ([]StockChange, error) {
	from := Status("")
	if prev != nil {
		from = prev.status
		if prev.orderID != next.orderID {
			return nil, ErrInvalidTransition
		}
	}
	sign := func(onHand, reserved int64) []StockChange {
		out := make([]StockChange, len(next.lines))
		for i, l := range next.lines {
			out[i] = StockChange{SKU: l.SKU, OnHand: onHand * l.Quantity, Reserved: reserved * l.Quantity}
		}
		return out
	}
	switch {
	case from == "" && next.status == Reserved:
		return sign(0, 1), nil
	case from == "" && (next.status == Rejected || next.status == CancelledFirst):
		return nil, nil
	case from == Reserved && next.status == Committed:
		return sign(-1, -1), nil
	case from == Reserved && next.status == Released:
		return sign(0, -1), nil
	case from == Committed && next.status == Released:
		return sign(1, 0), nil
	}
	return nil, ErrInvalidTransition
}

// UnmarshalReservation rebuilds a stored record without validating it
// again. Only repositories call it, with data that was valid when written.
func UnmarshalReservation(orderID string, status Status, lines []Line, total Money, shortages []Shortage,
	decidedAt, committedAt, releasedAt time.Time) *Reservation {
	return &Reservation{
		orderID: orderID, status: status, lines: slices.Clone(lines), total: total, shortages: slices.Clone(shortages),
		decidedAt: decidedAt.UTC(), committedAt: committedAt.UTC(), releasedAt: releasedAt.UTC(),
	}
}
