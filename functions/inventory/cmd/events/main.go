// Command events is the inventory-events Lambda function: it reserves, releases and commits stock as orders are placed, cancelled and confirmed.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewEventsHandler) }
