// Package service wires the inventory: configuration, AWS clients,
// repository, publisher, use cases and the ports. It exposes one
// constructor per function, each a middleware.Constructor: the mains in
// cmd/ pass it to middleware.Main, and tests call it, so a test drives
// exactly what Lambda runs.
package service

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/ports"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/wire"
)

// Config is the configuration of the inventory's functions.
type Config struct {
	config.Platform
}

// Validate checks what every inventory function needs beyond the platform
// variables: its table. The events function also needs the event bus,
// which NewEventsHandler checks.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

// NewApplication wires the use cases around a repository and a publisher;
// now is the clock.
func NewApplication(repo app.StockRepository, health app.HealthChecker, pub app.Publisher, now func() time.Time) app.Application {
	return app.Application{
		Commands: app.Commands{
			SetStock:     app.NewSetStockHandler(repo, now),
			ReserveStock: app.NewReserveStockHandler(repo, pub, now),
			ReleaseStock: app.NewReleaseStockHandler(repo, pub, now),
			CommitStock:  app.NewCommitStockHandler(repo, now),
		},
		Queries: app.Queries{StockBySKU: app.NewStockBySKUHandler(repo)},
		Health:  health,
	}
}

// noPublisher stands in for the bus in the API function, whose use cases
// publish nothing.
type noPublisher struct{}

func (noPublisher) PublishOnce(context.Context, string, time.Time, events.Event) error {
	return errors.New("inventory: the API function publishes no events")
}

// NewAPIHandler returns the inventory-api function's handler (the HTTP port
// behind httpapi) and the options of the standard middleware it runs
// behind, logging JSON and writing EMF metrics to out.
func NewAPIHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, inventory.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	repo, err := adapters.NewStockDynamoRepository(f.DynamoDB(), f.Table())
	if err != nil {
		return nil, middleware.Options{}, err
	}
	application := NewApplication(repo, repo, noPublisher{}, time.Now)
	return f.Done(f.HTTP(ports.NewHTTPServer(application, f.Log).Routes()))
}

// NewEventsHandler returns the inventory-events function's handler: the
// *consumer.Consumer of order events, idempotent per event id in the
// inventory's table, publishing on the bus EVENT_BUS_NAME names; and the
// options of the standard middleware it runs behind.
func NewEventsHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, inventory.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	repo, err := adapters.NewStockDynamoRepository(f.DynamoDB(), f.Table())
	if err != nil {
		return nil, middleware.Options{}, err
	}
	publisher, err := f.Publisher()
	if err != nil {
		return nil, middleware.Options{}, err
	}
	c, err := f.Consumer(inventory.EventsFunction)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	ports.RegisterEventHandlers(c, NewApplication(repo, repo, publisher, time.Now), f.Log)
	return f.Done(c)
}
