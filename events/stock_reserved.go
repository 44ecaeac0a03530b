package events

import "time"

// TypeStockReserved is the event type of StockReserved.
const TypeStockReserved = "StockReserved"

// StockReserved records that every line of an order is reserved. Payments authorises the order's total next.
type StockReserved struct {
	OrderID string      `json:"orderId"`
	Lines   []StockLine `json:"lines"`
	// Total is the amount to authorise, copied from OrderPlaced so that
	// payments needs no copy of the order.
	Total      Money     `json:"total"`
	ReservedAt time.Time `json:"reservedAt"`
}

// EventType returns "StockReserved".
func (StockReserved) EventType() string { return TypeStockReserved }

// EventVersion returns 1.
func (StockReserved) EventVersion() int { return 1 }
