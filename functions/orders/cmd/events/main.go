// Command events is the orders-events Lambda function: it keeps the catalog copy from ProductUpserted and ProductDeleted and cancels orders on StockRejected.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() {
	cfg := config.MustLoad[service.Config]()
	awsCfg, err := service.LoadAWS(context.Background())
	if err != nil {
		fail(err)
	}
	h, opts, err := service.NewEventsHandler(cfg, awsCfg, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("orders-events failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
