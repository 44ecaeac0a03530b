// Command publisher is the payments-publisher Lambda function: it
// publishes the payments' decisions (PaymentAuthorized, PaymentDeclined,
// PaymentRefunded) from the table's stream, so a decision is published if
// and only if it was stored.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewPublisherHandler) }
