// Command api is the payments-api Lambda function: an order's payment
// (admin) and the health check, behind API Gateway.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
)

func main() {
	cfg := config.MustLoad[service.Config]()
	clients, err := service.LoadClients(context.Background())
	if err != nil {
		fail(err)
	}
	handler, err := service.NewAPIHandler(cfg, clients, os.Stdout)
	if err != nil {
		fail(err)
	}
	lambda.Start(handler)
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("payments-api failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
