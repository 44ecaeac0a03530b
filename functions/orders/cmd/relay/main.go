// Command relay is the orders-relay Lambda function: it publishes the events of every commit on the table's stream to the platform bus, so an event is published if and only if it was stored.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewRelayHandler) }
