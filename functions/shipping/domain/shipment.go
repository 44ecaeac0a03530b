package domain

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Errors of the shipping model.
var (
	// ErrShipmentNotFound: no shipment is known for the order (or the
	// caller may not see it).
	ErrShipmentNotFound = apperr.New(apperr.NotFound, "shipment not found")
	// ErrInvalidOrder: the confirmed order cannot be shipped as given.
	ErrInvalidOrder = apperr.New(apperr.Invalid, "the order needs an id, a customer and at least one line of a positive quantity")
)

// Carriers are the carriers shipments are spread over.
var Carriers = []string{"DHL", "UPS", "PostNL"}

// Line is a quantity of one product.
type Line struct {
	SKU      string
	Quantity int
}

// Status is where a shipment is.
type Status string

// The statuses of a shipment.
const (
	// StatusScheduled: the shipment is due to leave on its ship-by day.
	StatusScheduled Status = "SCHEDULED"
	// StatusCancelled: the order was cancelled; nothing leaves.
	StatusCancelled Status = "CANCELLED"
)

// Shipment is the shipment of one order. A cancellation that reached
// shipping before the order's confirmation is a Shipment too: a mark
// without a shipment id (see NewCancellation), so the late confirmation
// schedules nothing. A Shipment never changes: Cancel returns a new one.
type Shipment struct {
	orderID     string
	customerID  string
	shipmentID  string
	carrier     string
	trackingID  string
	lines       []Line
	shipBy      string
	scheduledAt time.Time
	status      Status
	cancelledAt time.Time
}

// NewShipment schedules the shipment of a confirmed order. Everything it
// derives (ids, carrier, ship-by day) follows from the order and the
// time, so scheduling the same order again gives the same shipment.
//
// The shipment id, carrier and tracking id come from a SHA-256 of the
// order id: a rule of this domain, which imports nothing outside the
// standard library, so it does not use eventbus.StableID (that one names
// events, and lives with the AWS code).
func NewShipment(orderID, customerID string, lines []Line, at time.Time) (*Shipment, error) {
	if !validOrderID(orderID) || customerID == "" || len(lines) == 0 {
		return nil, ErrInvalidOrder
	}
	for _, l := range lines {
		if l.SKU == "" || l.Quantity < 1 {
			return nil, ErrInvalidOrder
		}
	}
	sum := sha256.Sum256([]byte("shipment/" + orderID))
	n := binary.BigEndian.Uint64(sum[:8])
	carrier := Carriers[n%uint64(len(Carriers))]
	at = at.UTC()
	return &Shipment{
		orderID: orderID, customerID: customerID,
		shipmentID: fmt.Sprintf("shp_%x", sum[8:20]),
		carrier:    carrier,
		trackingID: fmt.Sprintf("%s%012d", strings.ToUpper(carrier[:2]), binary.BigEndian.Uint64(sum[20:28])%1_000_000_000_000),
		lines:      slices.Clone(lines),
		shipBy:     at.AddDate(0, 0, 1).Format(time.DateOnly), scheduledAt: at,
		status: StatusScheduled,
	}, nil
}

// NewCancellation is the mark of an order cancelled before its
// confirmation reached shipping.
func NewCancellation(orderID string, at time.Time) (*Shipment, error) {
	if !validOrderID(orderID) {
		return nil, ErrInvalidOrder
	}
	return &Shipment{orderID: orderID, status: StatusCancelled, cancelledAt: at.UTC()}, nil
}

func validOrderID(id string) bool { return id != "" && len(id) <= 64 }

// Schedule decides an order's shipment when its confirmation arrives:
// current is what shipping holds for the order, nil when nothing. The
// order keeps what it has (the shipment of an earlier confirmation, or
// the mark of a cancellation that came first, which keeps the order from
// being scheduled at all); otherwise s, the shipment of the confirmation,
// is the order's shipment.
func Schedule(current, s *Shipment) *Shipment {
	if current != nil {
		return current
	}
	return s
}

// CancelOrder decides an order's shipment when its cancellation arrives:
// current is what shipping holds for the order, nil when nothing. A
// scheduled shipment is cancelled; a cancelled one stays as it is
// (CancelOrder returns current itself); and an order with nothing yet
// gets the mark that keeps its late confirmation from scheduling one.
func CancelOrder(orderID string, current *Shipment, at time.Time) (*Shipment, error) {
	if current == nil {
		return NewCancellation(orderID, at)
	}
	return current.Cancel(at), nil
}

// Cancel returns the shipment cancelled at at. A cancelled shipment is
// returned as it is.
func (s *Shipment) Cancel(at time.Time) *Shipment {
	if s.status == StatusCancelled {
		return s
	}
	next := *s
	next.status, next.cancelledAt = StatusCancelled, at.UTC()
	return &next
}

// OrderID is the id of the shipped order.
func (s *Shipment) OrderID() string { return s.orderID }

// CustomerID is the customer who placed the order; empty for a
// cancellation mark.
func (s *Shipment) CustomerID() string { return s.customerID }

// ShipmentID is the shipment's id; empty for a cancellation mark.
func (s *Shipment) ShipmentID() string { return s.shipmentID }

// Carrier is the carrier that takes the shipment.
func (s *Shipment) Carrier() string { return s.carrier }

// TrackingID is the carrier's tracking id.
func (s *Shipment) TrackingID() string { return s.trackingID }

// Lines are the products shipped, a copy.
func (s *Shipment) Lines() []Line { return slices.Clone(s.lines) }

// ShipBy is the day the shipment leaves, YYYY-MM-DD.
func (s *Shipment) ShipBy() string { return s.shipBy }

// ScheduledAt is when the shipment was scheduled, in UTC; zero for a
// cancellation mark.
func (s *Shipment) ScheduledAt() time.Time { return s.scheduledAt }

// Status is where the shipment is.
func (s *Shipment) Status() Status { return s.status }

// CancelledAt is when the order's cancellation reached shipping, in UTC;
// zero unless the status is StatusCancelled.
func (s *Shipment) CancelledAt() time.Time { return s.cancelledAt }

// Scheduled reports whether a shipment was scheduled for the order, as
// opposed to a cancellation that came first.
func (s *Shipment) Scheduled() bool { return s.shipmentID != "" }

// VisibleTo reports whether the caller may see the shipment: its customer
// or an admin, and only once one was scheduled.
func (s *Shipment) VisibleTo(subject string, admin bool) bool {
	return s.Scheduled() && (admin || (subject != "" && subject == s.customerID))
}

// ShipmentData is every field of a stored shipment, for repositories.
type ShipmentData struct {
	OrderID     string
	CustomerID  string
	ShipmentID  string
	Carrier     string
	TrackingID  string
	Lines       []Line
	ShipBy      string
	ScheduledAt time.Time
	Status      Status
	CancelledAt time.Time
}

// UnmarshalShipment rebuilds a stored shipment without validating it
// again. Only repositories call it, with data that was valid when written.
func UnmarshalShipment(d ShipmentData) *Shipment {
	return &Shipment{
		orderID: d.OrderID, customerID: d.CustomerID, shipmentID: d.ShipmentID, carrier: d.Carrier, trackingID: d.TrackingID,
		lines: slices.Clone(d.Lines), shipBy: d.ShipBy, scheduledAt: utc(d.ScheduledAt), status: d.Status, cancelledAt: utc(d.CancelledAt),
	}
}

// utc is t in UTC, and the zero time as it is.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
