package events

import "time"

// TypeOrderPlaced is the event type of OrderPlaced.
const TypeOrderPlaced = "OrderPlaced"

// MaxOrderLines is the most lines, each of a distinct SKU, an order may
// have. Inventory reserves an order in one DynamoDB transaction, which takes
// at most 100 items: one per line and the order's reservation record. Orders
// refuses a larger order with a 400; inventory treats a larger OrderPlaced
// as a broken contract.
const MaxOrderLines = 99

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
