// Command events is the inventory-events Lambda function: it drains the
// inventory's queue of order events, reserving stock on OrderPlaced,
// releasing it on OrderCancelled and committing it on OrderConfirmed, and
// publishes StockReserved, StockRejected and StockReleased.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() {
	cfg := config.MustLoad[service.EventsConfig]()
	awsCfg, err := awsclient.Load(context.Background())
	if err != nil {
		fail(fmt.Errorf("AWS configuration: %w", err))
	}
	h, opts, err := service.NewEventsHandler(cfg, awsCfg, nil, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("inventory-events failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
