// Command saga is the shipping-saga Lambda function: it schedules one
// shipment for each OrderConfirmed and publishes ShipmentScheduled.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() {
	cfg := config.MustLoad[service.Config]()
	h, opts, err := service.NewSagaHandler(context.Background(), cfg, os.Stdout)
	if err != nil {
		logging.New(os.Stderr, slog.LevelError).Error("shipping-saga failed to start", slog.String("error", err.Error()))
		os.Exit(1)
	}
	middleware.Start(h, opts)
}
