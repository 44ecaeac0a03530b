package ports

import (
	"time"

	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// Operations describe the shipping routes for the API's contract.
func Operations() []httpapi.Operation {
	at := time.Date(2026, 11, 30, 10, 15, 0, 0, time.UTC)
	return []httpapi.Operation{{
		Method: "GET", Path: "/shipments/{orderId}", ID: "getShipment",
		Summary: "Get an order's shipment", Description: "Its owner or an admin may read it; anyone else gets 404.",
		Parameters: []httpapi.Parameter{{
			Name: "orderId", In: "path", Required: true, Description: "The order's id.",
			Example: "01a214ae-1686-702b-b308-b189b9cf8cec",
		}},
		Responses: []httpapi.Response{{Status: 200, Description: "The order's shipment.", Body: &httpapi.Body{
			Type: ShipmentResponse{},
			Fields: map[string]httpapi.Field{
				"status":      {Enum: []string{string(domain.StatusScheduled), string(domain.StatusCancelled)}},
				"shipBy":      {Description: "The day the shipment leaves the warehouse.", Format: "date"},
				"lines.sku":   {Pattern: httpapi.SKUPattern},
				"cancelledAt": {Description: "When the order was cancelled before it shipped."},
			},
			Example: ShipmentResponse{
				OrderID: "01a214ae-1686-702b-b308-b189b9cf8cec", ShipmentID: "shp_01a214ae", Carrier: "UPS",
				TrackingID: "UP098391405162", Lines: []LineResponse{{SKU: "MUG-RED", Quantity: 2}},
				ShipBy: "2026-12-01", ScheduledAt: at, Status: string(domain.StatusScheduled),
			},
		}}},
		Problems: []int{404},
	}, httpapi.HealthOperation("shipping", "shippingHealth")}
}
