// Command api is the shipping-api Lambda function: an order's shipment and the health check, behind API Gateway.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewAPIHandler) }
