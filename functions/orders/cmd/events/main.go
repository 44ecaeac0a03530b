// Command events is the orders-events Lambda function: it keeps the catalog copy and moves orders along the saga, cancelling on rejected stock or a declined payment, confirming on an authorised payment and shipping on a scheduled shipment.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewEventsHandler) }
