package events

import "time"

// TypeOrderCancelled is the event type of OrderCancelled.
const TypeOrderCancelled = "OrderCancelled"

// OrderCancelled records that an order was cancelled. Inventory releases its stock and payments refunds an authorised amount.
type OrderCancelled struct {
	OrderID     string       `json:"orderId"`
	Reason      CancelReason `json:"reason"`
	CancelledAt time.Time    `json:"cancelledAt"`
}

// EventType returns "OrderCancelled".
func (OrderCancelled) EventType() string { return TypeOrderCancelled }

// EventVersion returns 1.
func (OrderCancelled) EventVersion() int { return 1 }
