package domain

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"
)

// Status is where an order is in its life.
type Status string

// The statuses of an order: PENDING → CONFIRMED → SHIPPED, or CANCELLED
// from PENDING or CONFIRMED.
const (
	StatusPending   Status = "PENDING"
	StatusConfirmed Status = "CONFIRMED"
	StatusShipped   Status = "SHIPPED"
	StatusCancelled Status = "CANCELLED"
)

// CancelReason says why an order was cancelled.
type CancelReason string

// The reasons an order is cancelled.
const (
	ReasonOutOfStock      CancelReason = "out_of_stock"
	ReasonPaymentDeclined CancelReason = "payment_declined"
	ReasonCustomerRequest CancelReason = "customer_request"
	// ReasonSagaTimeout: the order was still PENDING at its saga
	// deadline; some step of the saga never answered.
	ReasonSagaTimeout CancelReason = "saga_timeout"
)

// Valid reports whether r is one of the known reasons.
func (r CancelReason) Valid() bool {
	switch r {
	case ReasonOutOfStock, ReasonPaymentDeclined, ReasonCustomerRequest, ReasonSagaTimeout:
		return true
	}
	return false
}

// orderIDPattern accepts the canonical text of a UUID in lower case.
var orderIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// OrderID identifies an order: a UUID in its canonical lower-case text.
type OrderID string

// ParseOrderID validates s as an order id.
func ParseOrderID(s string) (OrderID, error) {
	if !orderIDPattern.MatchString(s) {
		return "", fmt.Errorf("%q is not an order id", s)
	}
	return OrderID(s), nil
}

// Order is the order aggregate. Its state is the fold of its events; its
// fields are unexported so that only events change it.
type Order struct {
	id           OrderID
	customerID   string
	lines        []Line
	total        Money
	status       Status
	cancelReason CancelReason
	placedAt     time.Time
	updatedAt    time.Time
	version      int64
}

// Place returns the event that places a new order of the priced lines for
// the customer. The lines must be valid (see ValidateLines) and priced in
// one currency, each at more than zero: a free line or a total of zero is
// ErrFreeOrder, since payments settles only a positive amount.
func Place(id OrderID, customerID string, lines []Line, now time.Time) (OrderPlaced, error) {
	if _, err := ParseOrderID(string(id)); err != nil {
		return OrderPlaced{}, err
	}
	if customerID == "" {
		return OrderPlaced{}, errors.New("domain: an order needs a customer")
	}
	if len(lines) == 0 || len(lines) > MaxLines {
		return OrderPlaced{}, fmt.Errorf("domain: an order has 1-%d lines, not %d", MaxLines, len(lines))
	}
	total := Money{Currency: lines[0].UnitPrice.Currency}
	for _, l := range lines {
		if l.UnitPrice.Currency != total.Currency {
			return OrderPlaced{}, ErrMixedCurrencies
		}
		if l.Quantity < 1 || l.Quantity > MaxQuantity || l.UnitPrice.Amount < 0 || l.UnitPrice.Amount > MaxAmount {
			return OrderPlaced{}, fmt.Errorf("domain: line %s is out of range", l.SKU)
		}
		if l.UnitPrice.Amount == 0 {
			return OrderPlaced{}, fmt.Errorf("line %s: %w", l.SKU, ErrFreeOrder)
		}
		total.Amount += l.Subtotal()
		if total.Amount > MaxAmount {
			return OrderPlaced{}, ErrTotalTooLarge
		}
	}
	if total.Amount <= 0 {
		return OrderPlaced{}, ErrFreeOrder
	}
	return OrderPlaced{
		OrderID: id, CustomerID: customerID, Lines: slices.Clone(lines), Total: total, PlacedAt: now.UTC(),
	}, nil
}

// PlacedBy reports whether the order is the one the customer's request for
// lines places: the same customer, and the same SKUs in the same
// quantities, in the same sequence. A retried request finds its order so;
// another request that came with the same order id does not.
func (o *Order) PlacedBy(customerID string, lines []LineRequest) bool {
	if o.customerID != customerID || len(o.lines) != len(lines) {
		return false
	}
	for i, l := range lines {
		if string(o.lines[i].SKU) != l.SKU || o.lines[i].Quantity != l.Quantity {
			return false
		}
	}
	return true
}

// Confirm returns the event that confirms a pending order.
func (o *Order) Confirm(now time.Time) ([]Event, error) {
	if o.status != StatusPending {
		return nil, fmt.Errorf("confirm a %s order: %w", o.status, ErrInvalidTransition)
	}
	return []Event{OrderConfirmed{
		OrderID: o.id, CustomerID: o.customerID, Lines: o.Lines(), Total: o.total, ConfirmedAt: now.UTC(),
	}}, nil
}

// Ship returns the event that ships a confirmed order.
func (o *Order) Ship(shipmentID, carrier, trackingNumber string, now time.Time) ([]Event, error) {
	if o.status != StatusConfirmed {
		return nil, fmt.Errorf("ship a %s order: %w", o.status, ErrInvalidTransition)
	}
	return []Event{OrderShipped{
		OrderID: o.id, ShipmentID: shipmentID, Carrier: carrier, TrackingNumber: trackingNumber, ShippedAt: now.UTC(),
	}}, nil
}

// Cancel returns the event that cancels a pending or confirmed order for
// the reason, or ErrNotCancellable.
func (o *Order) Cancel(reason CancelReason, now time.Time) ([]Event, error) {
	if !reason.Valid() {
		return nil, fmt.Errorf("domain: unknown cancel reason %q", reason)
	}
	if !o.Cancellable() {
		return nil, fmt.Errorf("cancel a %s order: %w", o.status, ErrNotCancellable)
	}
	return []Event{OrderCancelled{OrderID: o.id, Reason: reason, CancelledAt: now.UTC()}}, nil
}

// Cancellable reports whether Cancel would succeed.
func (o *Order) Cancellable() bool {
	return o.status == StatusPending || o.status == StatusConfirmed
}

// Rehydrate folds the commits of an order's event stream, oldest first,
// into its state; the order's version is the number of commits. It fails
// on a stream that does not start with OrderPlaced or breaks the rules.
func Rehydrate(commits [][]Event) (*Order, error) {
	var o *Order
	for i, commit := range commits {
		next, err := Apply(o, int64(i+1), commit)
		if err != nil {
			return nil, err
		}
		o = next
	}
	if o == nil {
		return nil, errors.New("domain: an order's event stream is empty")
	}
	return o, nil
}

// Apply returns the state after one more commit: the order at version,
// given its state o before it (nil before OrderPlaced). o is not changed.
func Apply(o *Order, version int64, commit []Event) (*Order, error) {
	if len(commit) == 0 {
		return nil, fmt.Errorf("domain: commit %d holds no events", version)
	}
	var next Order
	if o != nil {
		next = *o
		next.lines = o.Lines()
	}
	for _, e := range commit {
		if err := next.apply(e); err != nil {
			return nil, fmt.Errorf("domain: commit %d: %w", version, err)
		}
	}
	next.version = version
	return &next, nil
}

func (o *Order) apply(e Event) error {
	if _, placed := e.(OrderPlaced); !placed && o.id == "" {
		return fmt.Errorf("%s before OrderPlaced", e.EventName())
	}
	switch e := e.(type) {
	case OrderPlaced:
		if o.id != "" {
			return errors.New("OrderPlaced twice")
		}
		o.id, o.customerID, o.lines, o.total = e.OrderID, e.CustomerID, slices.Clone(e.Lines), e.Total
		o.status, o.placedAt, o.updatedAt = StatusPending, e.PlacedAt, e.PlacedAt
	case OrderConfirmed:
		if o.status != StatusPending {
			return fmt.Errorf("OrderConfirmed on a %s order", o.status)
		}
		o.status, o.updatedAt = StatusConfirmed, e.ConfirmedAt
	case OrderShipped:
		if o.status != StatusConfirmed {
			return fmt.Errorf("OrderShipped on a %s order", o.status)
		}
		o.status, o.updatedAt = StatusShipped, e.ShippedAt
	case OrderCancelled:
		if !o.Cancellable() {
			return fmt.Errorf("OrderCancelled on a %s order", o.status)
		}
		o.status, o.cancelReason, o.updatedAt = StatusCancelled, e.Reason, e.CancelledAt
	default:
		return fmt.Errorf("unknown event %T", e)
	}
	return nil
}

// ID returns the order's id.
func (o *Order) ID() OrderID { return o.id }

// CustomerID returns who placed the order.
func (o *Order) CustomerID() string { return o.customerID }

// Lines returns a copy of the order's priced lines.
func (o *Order) Lines() []Line { return slices.Clone(o.lines) }

// Total returns the sum of the lines.
func (o *Order) Total() Money { return o.total }

// Status returns the order's status.
func (o *Order) Status() Status { return o.status }

// CancelReason returns why the order was cancelled; empty unless it was.
func (o *Order) CancelReason() CancelReason { return o.cancelReason }

// PlacedAt returns when the order was placed, in UTC.
func (o *Order) PlacedAt() time.Time { return o.placedAt }

// UpdatedAt returns when the order last changed, in UTC.
func (o *Order) UpdatedAt() time.Time { return o.updatedAt }

// Version returns the number of commits folded into the order.
func (o *Order) Version() int64 { return o.version }

// VisibleTo reports whether the caller may see the order: its customer or
// an administrator.
func (o *Order) VisibleTo(subject string, admin bool) bool {
	return admin || (subject != "" && subject == o.customerID)
}

// UnmarshalOrder rebuilds an order from a stored read model without the
// events. Only repositories call it, with data a fold produced.
func UnmarshalOrder(id OrderID, customerID string, lines []Line, total Money, status Status,
	reason CancelReason, placedAt, updatedAt time.Time, version int64) *Order {
	return &Order{
		id: id, customerID: customerID, lines: slices.Clone(lines), total: total, status: status,
		cancelReason: reason, placedAt: placedAt.UTC(), updatedAt: updatedAt.UTC(), version: version,
	}
}
