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
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/ports"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// Config is the configuration of every orders function.
type Config struct {
	config.Platform
}

// Validate checks what orders needs beyond the platform variables.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

// NewApplication wires the use cases around their storage.
func NewApplication(store app.EventStore, views app.ReadModel, products app.ProductCopy, health app.HealthChecker, now func() time.Time) app.Application {
	return app.Application{
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
}

// storage is orders on its DynamoDB table: the use cases and the
// idempotency store in the same table.
type storage struct {
	app         app.Application
	idempotency *idempotency.Store
}

// newStorage builds orders on the table cfg names, through db.
func newStorage(cfg Config, db *dynamodb.Client) (storage, error) {
	store, err := adapters.NewOrderDynamoEventStore(db, cfg.TableName, time.Now)
	if err != nil {
		return storage{}, err
	}
	views, err := adapters.NewOrderDynamoReadModel(db, cfg.TableName)
	if err != nil {
		return storage{}, err
	}
	products, err := adapters.NewProductDynamoCopy(db, cfg.TableName)
	if err != nil {
		return storage{}, err
	}
	icfg, err := idempotency.ConfigFor(db, cfg.TableName, orders.Spec.Table)
	if err != nil {
		return storage{}, err
	}
	istore, err := idempotency.NewStore(icfg)
	if err != nil {
		return storage{}, err
	}
	return storage{app: NewApplication(store, views, products, store, time.Now), idempotency: istore}, nil
}

// start does what every orders function does first: it checks cfg, loads
// the AWS configuration (awsclient.Load) and makes the logger and the
// middleware options, writing to out.
func start(ctx context.Context, cfg Config, out io.Writer) (aws.Config, *slog.Logger, middleware.Options, error) {
	if err := cfg.Validate(); err != nil {
		return aws.Config{}, nil, middleware.Options{}, err
	}
	awsCfg, err := awsclient.Load(ctx)
	if err != nil {
		return aws.Config{}, nil, middleware.Options{}, fmt.Errorf("orders: AWS configuration: %w", err)
	}
	log, opts, err := middleware.NewOptions(orders.Spec.Name, cfg.LogLevel, out)
	if err != nil {
		return aws.Config{}, nil, middleware.Options{}, err
	}
	return awsCfg, log, opts, nil
}

// wire is start, then orders on its table: what every function that reads
// or writes the table needs.
func wire(ctx context.Context, cfg Config, out io.Writer) (storage, *slog.Logger, middleware.Options, error) {
	awsCfg, log, opts, err := start(ctx, cfg, out)
	if err != nil {
		return storage{}, nil, middleware.Options{}, err
	}
	s, err := newStorage(cfg, awsclient.DynamoDB(awsCfg))
	if err != nil {
		return storage{}, nil, middleware.Options{}, err
	}
	return s, log, opts, nil
}

// NewAPIHandler builds the orders-api function: the HTTP port behind
// httpapi, and the options of the middleware it runs behind, logging JSON
// and writing EMF metrics to out.
func NewAPIHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	s, log, opts, err := wire(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return httpapi.New(ports.NewHTTPServer(s.app, s.idempotency, log).Routes(), log), opts, nil
}

// NewProjectorHandler builds the orders-projector function: it folds the
// commits on the table's stream into the read model.
func NewProjectorHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	s, log, opts, err := wire(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return ports.NewProjector(s.app, log), opts, nil
}

// NewRelayHandler builds the orders-relay function: the change-capture
// handler that publishes each commit's events to the bus cfg names.
func NewRelayHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	if cfg.EventBusName == "" {
		return nil, middleware.Options{}, errors.New("config: EVENT_BUS_NAME is required")
	}
	awsCfg, log, opts, err := start(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	pub, err := eventbus.ForService(awsclient.EventBridge(awsCfg), cfg.EventBusName, orders.Spec)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	h, err := changecapture.New(changecapture.Config{
		Source: orders.Spec.Source(), Map: adapters.OrderEvents, Publisher: pub, Log: log,
	})
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return h, opts, nil
}

// NewEventsHandler builds the orders-events function: the consumer of the
// subscriptions' queues, returned as the *consumer.Consumer itself, so its
// Types can be checked against the subscriptions.
func NewEventsHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	s, log, opts, err := wire(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	c, err := ports.NewEventConsumer(orders.EventsFunction, s.app, s.idempotency, log)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return c, opts, nil
}

// NewRebuildHandler builds the orders-rebuild function: any payload
// rebuilds the read model and the answer counts what it did.
func NewRebuildHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	s, log, opts, err := wire(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	rebuild := s.app.Commands.RebuildReadModel
	h := middleware.HandlerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		res, err := rebuild.Handle(ctx)
		if err != nil {
			return nil, err
		}
		log.InfoContext(ctx, "read model rebuilt", slog.Int("orders", res.Orders), slog.Int("written", res.Written))
		return json.Marshal(res)
	})
	return h, opts, nil
}
