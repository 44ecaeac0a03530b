package load

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/conveyor-dev/conveyor/events"
)

// sagaEventTypes are the events that move an order through its saga: the
// only ones the run's rule asks the bus for.
var sagaEventTypes = []string{
	events.TypeOrderPlaced,
	events.TypeStockReserved,
	events.TypeStockRejected,
	events.TypePaymentAuthorized,
	events.TypePaymentDeclined,
	events.TypeOrderConfirmed,
	events.TypeShipmentScheduled,
	events.TypeOrderShipped,
	events.TypeOrderCancelled,
	events.TypeStockReleased,
	events.TypePaymentRefunded,
}

// Event is one saga event as the run heard it on the bus: the envelope's
// identity and time, and the few fields of its data the report and the
// invariants need.
type Event struct {
	// ID is the envelope's id: a redelivery of the same event has the
	// same one.
	ID string
	// Type is the event type, e.g. "OrderShipped".
	Type string
	// Time is when the fact happened, as its producer stamped it.
	Time time.Time
	// Received is when the run took the event off its queue.
	Received time.Time
	// OrderID is the order the event is about.
	OrderID string
	// Amount is the order total (OrderPlaced) or the money moved
	// (PaymentAuthorized, PaymentRefunded), in minor units.
	Amount int64
	// Reason is the cancel or decline reason.
	Reason string
	// ShipmentID names the shipment of ShipmentScheduled and OrderShipped.
	ShipmentID string
}

// errNotSaga is an event of a type or shape the run does not follow.
var errNotSaga = errors.New("not a saga event about an order")

// ParseEvent decodes one EventBridge event, as the rule's target queue
// receives it, into an Event received at the given time.
func ParseEvent(body []byte, received time.Time) (Event, error) {
	var msg struct {
		Detail events.Envelope `json:"detail"`
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		return Event{}, err
	}
	var data struct {
		OrderID    string        `json:"orderId"`
		Total      *events.Money `json:"total"`
		Amount     *events.Money `json:"amount"`
		Reason     string        `json:"reason"`
		ShipmentID string        `json:"shipmentId"`
	}
	if err := json.Unmarshal(msg.Detail.Data, &data); err != nil {
		return Event{}, err
	}
	if data.OrderID == "" || msg.Detail.ID == "" {
		return Event{}, errNotSaga
	}
	e := Event{
		ID: msg.Detail.ID, Type: msg.Detail.Type, Time: msg.Detail.Time, Received: received,
		OrderID: data.OrderID, Reason: data.Reason, ShipmentID: data.ShipmentID,
	}
	switch {
	case data.Amount != nil:
		e.Amount = data.Amount.Amount
	case data.Total != nil:
		e.Amount = data.Total.Amount
	}
	return e, nil
}
