// Command api is the shipping-api Lambda function: an order's shipment and
// the health check, behind API Gateway.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
)

func main() {
	cfg := config.MustLoad[service.Config]()
	handler, err := service.NewAPIHandler(context.Background(), cfg, os.Stdout)
	if err != nil {
		logging.New(os.Stderr, slog.LevelError).Error("shipping-api failed to start", slog.String("error", err.Error()))
		os.Exit(1)
	}
	lambda.Start(handler)
}
