// Command relay is the orders-relay Lambda function: it publishes the events of every commit on the table's stream to the platform bus, so an event is published if and only if it was stored.
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
	h, opts, err := service.NewRelayHandler(cfg, awsCfg, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("orders-relay failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
