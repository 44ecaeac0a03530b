package events

import "time"

// TypeOrderPlaced is the event type of OrderPlaced.
const TypeOrderPlaced = "OrderPlaced"

// OrderPlaced records that a customer placed an order. Inventory reserves its lines next.
type OrderPlaced struct {
	OrderID    string      `json:"orderId"`
	CustomerID string      `json:"customerId"`
	Lines      []OrderLine `json:"lines"`
	// Total is the sum of the lines, in their one currency.
	Total    Money     `json:"total"`
	PlacedAt time.Time `json:"placedAt"`
}

// EventType returns "OrderPlaced".
func (OrderPlaced) EventType() string { return TypeOrderPlaced }

// EventVersion returns 1.
func (OrderPlaced) EventVersion() int { return 1 }
