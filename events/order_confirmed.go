package events

import "time"

// TypeOrderConfirmed is the event type of OrderConfirmed.
const TypeOrderConfirmed = "OrderConfirmed"

// OrderConfirmed records that an order has its stock reserved and its payment authorised. Inventory turns the reservation into a sale; shipping schedules the shipment.
type OrderConfirmed struct {
	OrderID     string      `json:"orderId"`
	CustomerID  string      `json:"customerId"`
	Lines       []OrderLine `json:"lines"`
	Total       Money       `json:"total"`
	ConfirmedAt time.Time   `json:"confirmedAt"`
}

// EventType returns "OrderConfirmed".
func (OrderConfirmed) EventType() string { return TypeOrderConfirmed }

// EventVersion returns 1.
func (OrderConfirmed) EventVersion() int { return 1 }
