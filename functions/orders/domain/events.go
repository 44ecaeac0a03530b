package domain

import "time"

// Event is a fact about one order, as its commands return it and its
// state folds it. The events of one command are stored together, as one
// commit of the order's event stream.
type Event interface {
	// EventName names the event, e.g. "OrderPlaced".
	EventName() string
}

// OrderPlaced: a customer placed the order with its priced lines.
type OrderPlaced struct {
	OrderID    OrderID
	CustomerID string
	Lines      []Line
	Total      Money
	PlacedAt   time.Time
}

// OrderConfirmed: the order has its stock and payment. It repeats the
// order's lines and total for the services that react to it.
type OrderConfirmed struct {
	OrderID     OrderID
	CustomerID  string
	Lines       []Line
	Total       Money
	ConfirmedAt time.Time
}

// OrderShipped: the order left the warehouse.
type OrderShipped struct {
	OrderID        OrderID
	ShipmentID     string
	Carrier        string
	TrackingNumber string
	ShippedAt      time.Time
}

// OrderCancelled: the order was cancelled, for the reason given.
type OrderCancelled struct {
	OrderID     OrderID
	Reason      CancelReason
	CancelledAt time.Time
}

// EventName returns "OrderPlaced".
func (OrderPlaced) EventName() string { return "OrderPlaced" }

// EventName returns "OrderConfirmed".
func (OrderConfirmed) EventName() string { return "OrderConfirmed" }

// EventName returns "OrderShipped".
func (OrderShipped) EventName() string { return "OrderShipped" }

// EventName returns "OrderCancelled".
func (OrderCancelled) EventName() string { return "OrderCancelled" }
