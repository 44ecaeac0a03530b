// Command saga is the shipping-saga Lambda function: it schedules one shipment for each OrderConfirmed, which shipping-publisher announces, and cancels the shipment on OrderCancelled.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewSagaHandler) }
