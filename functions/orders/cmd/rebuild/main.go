// Command rebuild is the orders-rebuild Lambda function: invoked by an operator, it rebuilds the orders read model from the event store.
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
	h, opts, err := service.NewRebuildHandler(cfg, awsCfg, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("orders-rebuild failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
