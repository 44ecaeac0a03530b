package events

import "time"

// TypeStockRejected is the event type of StockRejected.
const TypeStockRejected = "StockRejected"

// StockRejected records that an order could not be reserved: at least one line lacks stock, and nothing was reserved.
type StockRejected struct {
	OrderID    string     `json:"orderId"`
	Shortages  []Shortage `json:"shortages"`
	RejectedAt time.Time  `json:"rejectedAt"`
}

// EventType returns "StockRejected".
func (StockRejected) EventType() string { return TypeStockRejected }

// EventVersion returns 1.
func (StockRejected) EventVersion() int { return 1 }
