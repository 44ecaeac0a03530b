// Package service wires shipping: configuration, AWS clients, the
// repository, use cases and ports, wrapped in the platform's Lambda
// middleware. The mains in cmd/ and the tests build shipping through it.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/ports"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// Config is the configuration of the shipping functions.
type Config struct {
	config.Platform
}

// Validate checks what shipping needs beyond the platform variables.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

func options(cfg Config, out io.Writer) (middleware.Options, error) {
	opts := middleware.Options{
		Service: shipping.Spec.Name,
		Logger:  logging.New(out, cfg.LogLevel),
		Metrics: metrics.New(metrics.Namespace, out, map[string]string{metrics.DimService: shipping.Spec.Name}),
	}
	return opts, opts.Validate()
}

// NewAPIHandler returns the shipping-api function as Lambda runs it.
func NewAPIHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, error) {
	awsCfg, err := awsclient.Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("shipping: AWS configuration: %w", err)
	}
	repo, err := adapters.NewShipmentDynamoRepository(awsclient.DynamoDB(awsCfg), cfg.TableName)
	if err != nil {
		return nil, err
	}
	opts, err := options(cfg, out)
	if err != nil {
		return nil, err
	}
	application := app.Application{ShipmentByOrder: app.NewShipmentByOrderHandler(repo), Health: repo}
	api := httpapi.New(ports.NewHTTPServer(application, opts.Logger).Routes(), opts.Logger)
	return middleware.Standard(opts)(api), nil
}

// NewSagaHandler returns the shipping-saga function and the options of
// the standard middleware it runs behind.
func NewSagaHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	var none middleware.Options
	if cfg.EventBusName == "" {
		return nil, none, errors.New("config: EVENT_BUS_NAME is required")
	}
	awsCfg, err := awsclient.Load(ctx)
	if err != nil {
		return nil, none, fmt.Errorf("shipping: AWS configuration: %w", err)
	}
	db := awsclient.DynamoDB(awsCfg)
	repo, err := adapters.NewShipmentDynamoRepository(db, cfg.TableName)
	if err != nil {
		return nil, none, err
	}
	pub, err := eventbus.ForService(awsclient.EventBridge(awsCfg), cfg.EventBusName, shipping.Spec)
	if err != nil {
		return nil, none, err
	}
	idemCfg, err := idempotency.ConfigFor(db, cfg.TableName, shipping.Spec.Table)
	if err != nil {
		return nil, none, err
	}
	store, err := idempotency.NewStore(idemCfg)
	if err != nil {
		return nil, none, err
	}
	opts, err := options(cfg, out)
	if err != nil {
		return nil, none, err
	}
	c, err := consumer.New(consumer.Config{Name: shipping.SagaFunction, Idempotency: store, Log: opts.Logger})
	if err != nil {
		return nil, none, err
	}
	ports.RegisterEventHandlers(c, app.Application{
		ScheduleShipment: app.NewScheduleShipmentHandler(repo, pub, time.Now),
		CancelShipment:   app.NewCancelShipmentHandler(repo, time.Now),
		Health:           repo,
	})
	return c, opts, nil
}
