// Command saga is the payments-saga Lambda function: it authorises
// payments on StockReserved, refunds them on OrderCancelled, and retries
// parked authorisations, calling the payment provider through a timeout,
// retries, a circuit breaker and delayed retries.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() {
	cfg := config.MustLoad[service.Config]()
	clients, err := service.LoadClients(context.Background())
	if err != nil {
		fail(err)
	}
	h, opts, err := service.NewSagaHandler(cfg, clients, service.Tuning{}, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("payments-saga failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
