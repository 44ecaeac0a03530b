// Command publisher is the inventory-publisher Lambda function: it publishes StockReserved, StockRejected and StockReleased from the reservation records on the inventory table's stream, so a decision is published if and only if it was stored.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewPublisherHandler) }
