// Command rebuild is the orders-rebuild Lambda function: invoked by an operator, it rebuilds the orders read model from the event store.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewRebuildHandler) }
