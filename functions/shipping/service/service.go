// Package service wires shipping: configuration, AWS clients, the
// repository, use cases, ports and the stream publisher. It exposes one constructor per
// function, each a middleware.Constructor: the mains in cmd/ pass it to
// middleware.Main, and tests call it, so a test drives exactly what
// Lambda runs.
package service

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/ports"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/wire"
)

// Config is the configuration of the shipping functions.
type Config struct {
	config.Platform
}

// Validate checks what every shipping function needs beyond the platform
// variables: its table. The publisher also needs the event bus, which
// NewPublisherHandler checks.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

// NewAPIHandler returns the shipping-api function's handler (the HTTP port
// behind httpapi) and the options of the standard middleware it runs
// behind, logging JSON and writing EMF metrics to out.
func NewAPIHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, shipping.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	repo, err := adapters.NewShipmentDynamoRepository(f.DynamoDB(), f.Table())
	if err != nil {
		return nil, middleware.Options{}, err
	}
	application := app.Application{ShipmentByOrder: app.NewShipmentByOrderHandler(repo), Health: repo}
	return f.Done(f.HTTP(ports.NewHTTPServer(application, f.Log).Routes()))
}

// NewSagaHandler returns the shipping-saga function's handler: the
// *consumer.Consumer of order events, idempotent per event id in the
// shipping table, which stores each order's shipment (shipping-publisher
// announces it); and the options of the standard middleware it runs
// behind.
func NewSagaHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, shipping.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	repo, err := adapters.NewShipmentDynamoRepository(f.DynamoDB(), f.Table())
	if err != nil {
		return nil, middleware.Options{}, err
	}
	c, err := f.Consumer(shipping.SagaFunction)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	ports.RegisterEventHandlers(c, app.Application{
		ScheduleShipment: app.NewScheduleShipmentHandler(repo, time.Now),
		CancelShipment:   app.NewCancelShipmentHandler(repo, time.Now),
		Health:           repo,
	})
	return f.Done(c)
}

// NewPublisherHandler returns the shipping-publisher function's handler:
// the change-capture handler that reads the shipping table's stream and
// publishes ShipmentScheduled, to the bus EVENT_BUS_NAME names, for each
// shipment stored as scheduled (adapters.ShipmentEvents), so a shipment is
// published if and only if it was stored; and the options of the standard
// middleware it runs behind.
func NewPublisherHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, shipping.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	h, err := f.StreamPublisher(adapters.ShipmentEvents)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(h)
}
