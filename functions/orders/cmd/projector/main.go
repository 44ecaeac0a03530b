// Command projector is the orders-projector Lambda function: it builds the orders read model from the commits on the table's stream.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewProjectorHandler) }
