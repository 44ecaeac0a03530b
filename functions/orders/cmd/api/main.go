// Command api is the orders-api Lambda function: it serves the orders HTTP API behind API Gateway.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewAPIHandler) }
