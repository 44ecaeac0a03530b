// Package service wires the inventory: configuration, AWS clients,
// repository, use cases, the ports and the stream publisher. It exposes
// one constructor per function, each a middleware.Constructor: the mains in
// cmd/ pass it to middleware.Main, and tests call it, so a test drives
// exactly what Lambda runs.
package service

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

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
// variables: its table. The publisher also needs the event bus, which
// NewPublisherHandler checks.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

// NewApplication wires the use cases around a repository; now is the
// clock.
func NewApplication(repo app.StockRepository, health app.HealthChecker, now func() time.Time) app.Application {
	return app.Application{
		Commands: app.Commands{
			SetStock:     app.NewSetStockHandler(repo, now),
			ReserveStock: app.NewReserveStockHandler(repo, now),
			ReleaseStock: app.NewReleaseStockHandler(repo, now),
			CommitStock:  app.NewCommitStockHandler(repo, now),
		},
		Queries: app.Queries{StockBySKU: app.NewStockBySKUHandler(repo)},
		Health:  health,
	}
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
	application := NewApplication(repo, repo, time.Now)
	return f.Done(f.HTTP(ports.NewHTTPServer(application, f.Log).Routes()))
}

// NewEventsHandler returns the inventory-events function's handler: the
// *consumer.Consumer of order events, idempotent per event id in the
// inventory's table, which stores each decision in the order's
// reservation record (inventory-publisher announces it); and the options
// of the standard middleware it runs behind.
func NewEventsHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, inventory.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	repo, err := adapters.NewStockDynamoRepository(f.DynamoDB(), f.Table())
	if err != nil {
		return nil, middleware.Options{}, err
	}
	c, err := f.Consumer(inventory.EventsFunction)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	ports.RegisterEventHandlers(c, NewApplication(repo, repo, time.Now), f.Log)
	return f.Done(c)
}

// NewPublisherHandler returns the inventory-publisher function's handler:
// the change-capture handler that reads the inventory table's stream and
// publishes, to the bus EVENT_BUS_NAME names, the event of each decision a
// reservation record stores (adapters.ReservationEvents), so a decision is
// published if and only if it was stored; and the options of the standard
// middleware it runs behind.
func NewPublisherHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, inventory.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	h, err := f.StreamPublisher(adapters.ReservationEvents)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(h)
}
