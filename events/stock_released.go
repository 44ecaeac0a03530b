package events

import "time"

// TypeStockReleased is the event type of StockReleased.
const TypeStockReleased = "StockReleased"

// StockReleased records that the stock reserved for a cancelled order is available again.
type StockReleased struct {
	OrderID    string      `json:"orderId"`
	Lines      []StockLine `json:"lines"`
	ReleasedAt time.Time   `json:"releasedAt"`
}

// EventType returns "StockReleased".
func (StockReleased) EventType() string { return TypeStockReleased }

// EventVersion returns 1.
func (StockReleased) EventVersion() int { return 1 }
