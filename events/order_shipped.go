package events

import "time"

// TypeOrderShipped is the event type of OrderShipped.
const TypeOrderShipped = "OrderShipped"

// OrderShipped records that an order left the warehouse.
type OrderShipped struct {
	OrderID        string    `json:"orderId"`
	ShipmentID     string    `json:"shipmentId"`
	Carrier        string    `json:"carrier"`
	TrackingNumber string    `json:"trackingNumber"`
	ShippedAt      time.Time `json:"shippedAt"`
}

// EventType returns "OrderShipped".
func (OrderShipped) EventType() string { return TypeOrderShipped }

// EventVersion returns 1.
func (OrderShipped) EventVersion() int { return 1 }
