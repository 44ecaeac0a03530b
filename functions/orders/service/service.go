// Package service wires orders: configuration, AWS clients, the event
// store, read model and catalog copy, use cases, and each function's port
// with the options of the platform's Lambda middleware. It exposes one
// constructor per function (NewAPIHandler, NewEventsHandler,
// NewProjectorHandler, NewRelayHandler, NewRebuildHandler), each a
// middleware.Constructor: the mains in cmd/ pass it to middleware.Main,
// and the tests call it, so a test drives exactly what Lambda runs.
package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/ports"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/wire"
)

// Config is the configuration of every orders function. The events
// function needs DeadlineQueueURL too (NewEventsHandler checks it).
type Config struct {
	config.Platform
	// SagaDeadline is how long an order may stay PENDING before it is
	// cancelled with reason saga_timeout (SAGA_DEADLINE; the declaration
	// sets orders.SagaDeadline).
	SagaDeadline time.Duration `env:"SAGA_DEADLINE" envDefault:"30m"`
	// DeadlineQueueURL is the URL of the events function's own queue,
	// where the deadlines' checks wait as delayed messages
	// (DEADLINE_QUEUE_URL).
	DeadlineQueueURL string `env:"DEADLINE_QUEUE_URL"`
}

// Validate checks what orders needs beyond the platform variables.
func (c Config) Validate() error {
	var errs []error
	if c.TableName == "" {
		errs = append(errs, errors.New("config: TABLE_NAME is required"))
	}
	if c.SagaDeadline <= 0 {
		errs = append(errs, fmt.Errorf("config: %s must be positive", orders.EnvSagaDeadline))
	}
	return errors.Join(errs...)
}

// validateEvents checks, besides Validate, what only the events function
// needs.
func (c Config) validateEvents() error {
	var errs []error
	if c.DeadlineQueueURL == "" {
		errs = append(errs, fmt.Errorf("config: %s is required", orders.EnvDeadlineQueueURL))
	}
	return errors.Join(append(errs, c.Validate())...)
}

// Deadline is what the saga deadline's use cases need: the timer of the
// checks and the deadline's length. Only the events function has one; the
// zero Deadline leaves those use cases out.
type Deadline struct {
	Timer app.DeadlineTimer
	After time.Duration
}

// NewApplication wires the use cases around their storage, and the saga
// deadline's when deadline has a timer.
func NewApplication(store app.EventStore, views app.ReadModel, products app.ProductCopy, health app.HealthChecker, deadline Deadline, now func() time.Time) app.Application {
	a := app.Application{
		Commands: app.Commands{
			PlaceOrder:       app.NewPlaceOrderHandler(store, products, now),
			CancelOrder:      app.NewCancelOrderHandler(store, now),
			ConfirmOrder:     app.NewConfirmOrderHandler(store, now),
			ShipOrder:        app.NewShipOrderHandler(store, now),
			ProjectOrder:     app.NewProjectOrderHandler(store, views),
			RebuildReadModel: app.NewRebuildReadModelHandler(store, views),
			SyncProduct:      app.NewSyncProductHandler(products),
		},
		Queries: app.Queries{
			OrderByID:      app.NewOrderByIDHandler(views, store),
			CustomerOrders: app.NewCustomerOrdersHandler(views),
		},
		Health: health,
	}
	if deadline.Timer != nil {
		a.Commands.StartSagaDeadline = app.NewStartSagaDeadlineHandler(deadline.Timer, deadline.After, now)
		a.Commands.CheckSagaDeadline = app.NewCheckSagaDeadlineHandler(store, deadline.Timer, now)
	}
	return a
}

// open starts a function of orders (wire.New) and builds the use cases on
// its table: what every function that reads or writes the table needs.
func open(ctx context.Context, cfg Config, out io.Writer) (*wire.Function, app.Application, error) {
	return openWith(ctx, cfg, out, nil)
}

// openWith is open, with the saga deadline's use cases when timer, given
// the function, returns a timer.
func openWith(ctx context.Context, cfg Config, out io.Writer, timer func(*wire.Function) (app.DeadlineTimer, error)) (*wire.Function, app.Application, error) {
	f, err := wire.New(ctx, orders.Spec, cfg.Platform, out)
	if err != nil {
		return nil, app.Application{}, err
	}
	var deadline Deadline
	if timer != nil {
		if deadline.Timer, err = timer(f); err != nil {
			return nil, app.Application{}, err
		}
		deadline.After = cfg.SagaDeadline
	}
	db, table := f.DynamoDB(), f.Table()
	store, err := adapters.NewOrderDynamoEventStore(db, table, time.Now)
	if err != nil {
		return nil, app.Application{}, err
	}
	views, err := adapters.NewOrderDynamoReadModel(db, table)
	if err != nil {
		return nil, app.Application{}, err
	}
	products, err := adapters.NewProductDynamoCopy(db, table)
	if err != nil {
		return nil, app.Application{}, err
	}
	return f, NewApplication(store, views, products, store, deadline, time.Now), nil
}

// NewAPIHandler builds the orders-api function: the HTTP port behind
// httpapi, with its Idempotency-Key records in the orders table, and the
// options of the middleware it runs behind, logging JSON and writing EMF
// metrics to out.
func NewAPIHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, application, err := open(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	keys, err := f.Idempotency()
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(f.HTTP(ports.NewHTTPServer(application, keys, f.Log).Routes()))
}

// NewProjectorHandler builds the orders-projector function: it folds the
// commits on the table's stream into the read model.
func NewProjectorHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, application, err := open(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(ports.NewProjector(application, f.Log))
}

// NewRelayHandler builds the orders-relay function: the change-capture
// handler that publishes each commit's events to the bus cfg names.
func NewRelayHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, orders.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	h, err := f.StreamPublisher(adapters.OrderEvents)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(h)
}

// NewEventsHandler builds the orders-events function: the consumer of the
// subscriptions' queues, returned as the *consumer.Consumer itself, so its
// Types can be checked against the subscriptions. It keeps the saga
// deadlines with delayed messages on its own queue (DeadlineQueueURL).
func NewEventsHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	if err := cfg.validateEvents(); err != nil {
		return nil, middleware.Options{}, err
	}
	f, application, err := openWith(ctx, cfg, out, func(f *wire.Function) (app.DeadlineTimer, error) {
		return adapters.NewDeadlineSQSTimer(awsclient.SQS(f.AWS), cfg.DeadlineQueueURL)
	})
	if err != nil {
		return nil, middleware.Options{}, err
	}
	c, err := f.Consumer(orders.EventsFunction)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	ports.RegisterEventHandlers(c, application, f.Log)
	return f.Done(c)
}

// NewRebuildHandler builds the orders-rebuild function: any payload
// rebuilds the read model and the answer counts what it did.
func NewRebuildHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, application, err := open(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	rebuild := application.Commands.RebuildReadModel
	return f.Done(middleware.HandlerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		res, err := rebuild.Handle(ctx)
		if err != nil {
			return nil, err
		}
		f.Log.InfoContext(ctx, "read model rebuilt", slog.Int("orders", res.Orders), slog.Int("written", res.Written))
		return json.Marshal(res)
	}))
}
