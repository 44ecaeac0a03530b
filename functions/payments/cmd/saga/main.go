// Command saga is the payments-saga Lambda function: it authorises
// payments on StockReserved, refunds or voids them on OrderCancelled, and
// retries parked authorisations, refunds and voids, calling the payment
// provider through a timeout, retries, a circuit breaker and delayed
// retries. It stores each decision; payments-publisher announces it.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewSagaHandler) }
