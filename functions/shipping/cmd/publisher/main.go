// Command publisher is the shipping-publisher Lambda function: it publishes ShipmentScheduled from the shipments on the shipping table's stream, so a scheduled shipment is published if and only if it was stored.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewPublisherHandler) }
