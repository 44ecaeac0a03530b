package domain

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
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
// without a ShipmentID (see NewCancellation), so the late confirmation
// schedules nothing.
type Shipment struct {
	OrderID     string
	CustomerID  string
	ShipmentID  string
	Carrier     string
	TrackingID  string
	Lines       []Line
	ShipBy      string
	ScheduledAt time.Time
	Status      Status
	// CancelledAt is when the order's cancellation reached shipping; zero
	// unless Status is StatusCancelled.
	CancelledAt time.Time
}

// NewShipment schedules the shipment of a confirmed order. Everything it
// derives (ids, carrier, ship-by day) follows from the order and the
// time, so scheduling the same order again gives the same shipment.
func NewShipment(orderID, customerID string, lines []Line, at time.Time) (*Shipment, error) {
	if orderID == "" || len(orderID) > 64 || customerID == "" || len(lines) == 0 {
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
		OrderID: orderID, CustomerID: customerID,
		ShipmentID: fmt.Sprintf("shp_%x", sum[8:20]),
		Carrier:    carrier,
		TrackingID: fmt.Sprintf("%s%012d", strings.ToUpper(carrier[:2]), binary.BigEndian.Uint64(sum[20:28])%1_000_000_000_000),
		Lines:      append([]Line(nil), lines...),
		ShipBy:     at.AddDate(0, 0, 1).Format(time.DateOnly), ScheduledAt: at,
		Status: StatusScheduled,
	}, nil
}

// NewCancellation is the mark of an order cancelled before its
// confirmation reached shipping.
func NewCancellation(orderID string, at time.Time) (*Shipment, error) {
	if orderID == "" || len(orderID) > 64 {
		return nil, ErrInvalidOrder
	}
	return &Shipment{OrderID: orderID, Status: StatusCancelled, CancelledAt: at.UTC()}, nil
}

// Cancel cancels the shipment of a cancelled order; a cancelled shipment
// stays as it was.
func (s *Shipment) Cancel(at time.Time) {
	if s.Status != StatusCancelled {
		s.Status, s.CancelledAt = StatusCancelled, at.UTC()
	}
}

// Scheduled reports whether a shipment was scheduled for the order, as
// opposed to a cancellation that came first.
func (s *Shipment) Scheduled() bool { return s.ShipmentID != "" }

// VisibleTo reports whether the caller may see the shipment: its customer
// or an admin, and only once one was scheduled.
func (s *Shipment) VisibleTo(subject string, admin bool) bool {
	return s.Scheduled() && (admin || (subject != "" && subject == s.CustomerID))
}
