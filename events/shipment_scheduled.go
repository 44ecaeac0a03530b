package events

import "time"

// TypeShipmentScheduled is the event type of ShipmentScheduled.
const TypeShipmentScheduled = "ShipmentScheduled"

// ShipmentScheduled records that a shipment was scheduled for a confirmed order.
type ShipmentScheduled struct {
	OrderID    string `json:"orderId"`
	ShipmentID string `json:"shipmentId"`
	// Carrier and TrackingNumber say who carries the shipment and how the
	// customer follows it.
	Carrier        string      `json:"carrier"`
	TrackingNumber string      `json:"trackingNumber"`
	Lines          []StockLine `json:"lines"`
	// ShipBy is the day the shipment is due to leave, as YYYY-MM-DD.
	ShipBy      string    `json:"shipBy"`
	ScheduledAt time.Time `json:"scheduledAt"`
}

// EventType returns "ShipmentScheduled".
func (ShipmentScheduled) EventType() string { return TypeShipmentScheduled }

// EventVersion returns 1.
func (ShipmentScheduled) EventVersion() int { return 1 }
