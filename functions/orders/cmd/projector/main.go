// Command projector is the orders-projector Lambda function: it builds the orders read model from the commits on the table's stream.
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
	h, opts, err := service.NewProjectorHandler(cfg, awsCfg, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("orders-projector failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
