// Command api is the orders-api Lambda function: it serves the orders HTTP API behind API Gateway.
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
	h, opts, err := service.NewAPIHandler(cfg, awsCfg, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("orders-api failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
