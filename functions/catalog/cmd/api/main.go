// Command api is the catalog-api Lambda function: the catalog's HTTP API
// behind API Gateway.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/conveyor-dev/conveyor/functions/catalog/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() {
	cfg := config.MustLoad[service.Config]()
	application, err := service.NewDynamoApplication(context.Background(), cfg)
	if err != nil {
		fail(err)
	}
	handler, opts, err := service.NewAPIHandler(application, cfg.LogLevel, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(handler, opts)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("catalog-api failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
