// Command api is the payments-api Lambda function: an order's payment
// (admin), the health check and the provider's circuit breaker, behind
// API Gateway.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewAPIHandler) }
