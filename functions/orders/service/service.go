// Package service wires orders: configuration, AWS clients, the event
// store, read model and catalog copy, use cases, and each function's port
// with the options of the platform's Lambda middleware. The mains in cmd/
// and the tests build orders through it, so a test drives exactly what
// Lambda runs.
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
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
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

// Dynamo is orders on its DynamoDB table: the use cases and the
// idempotency store in the same table.
type Dynamo struct {
	App         app.Application
	Idempotency *idempotency.Store
}

// NewDynamo builds orders on the table the configuration names, with the
// AWS configuration awsCfg.
func NewDynamo(cfg Config, awsCfg aws.Config) (Dynamo, error) {
	if err := cfg.Validate(); err != nil {
		return Dynamo{}, err
	}
	db := awsclient.DynamoDB(awsCfg)
	store, err := adapters.NewOrderDynamoEventStore(db, cfg.TableName, time.Now)
	if err != nil {
		return Dynamo{}, err
	}
	views, err := adapters.NewOrderDynamoReadModel(db, cfg.TableName)
	if err != nil {
		return Dynamo{}, err
	}
	products, err := adapters.NewProductDynamoCopy(db, cfg.TableName)
	if err != nil {
		return Dynamo{}, err
	}
	icfg, err := idempotency.ConfigFor(db, cfg.TableName, orders.Spec.Table)
	if err != nil {
		return Dynamo{}, err
	}
	istore, err := idempotency.NewStore(icfg)
	if err != nil {
		return Dynamo{}, err
	}
	return Dynamo{App: NewApplication(store, views, products, store, time.Now), Idempotency: istore}, nil
}

// LoadAWS loads the AWS configuration every function uses.
func LoadAWS(ctx context.Context) (aws.Config, error) {
	awsCfg, err := awsclient.Load(ctx)
	if err != nil {
		return aws.Config{}, fmt.Errorf("orders: AWS configuration: %w", err)
	}
	return awsCfg, nil
}

// options returns the standard middleware's options, logging JSON and
// writing EMF metrics to out.
func options(cfg Config, out io.Writer) (*slog.Logger, middleware.Options, error) {
	log := logging.New(out, cfg.LogLevel)
	opts := middleware.Options{
		Service: orders.Spec.Name,
		Logger:  log,
		Metrics: metrics.New(metrics.Namespace, out, map[string]string{"Service": orders.Spec.Name}),
	}
	if err := opts.Validate(); err != nil {
		return nil, middleware.Options{}, err
	}
	return log, opts, nil
}

// wire builds what every function on the orders table needs: the use
// cases on DynamoDB, the logger and the middleware options.
func wire(cfg Config, awsCfg aws.Config, out io.Writer) (Dynamo, *slog.Logger, middleware.Options, error) {
	d, err := NewDynamo(cfg, awsCfg)
	if err != nil {
		return Dynamo{}, nil, middleware.Options{}, err
	}
	log, opts, err := options(cfg, out)
	if err != nil {
		return Dynamo{}, nil, middleware.Options{}, err
	}
	return d, log, opts, nil
}

// NewAPIHandler returns the orders-api function: the HTTP port behind
// httpapi, and the options of the middleware it runs behind.
func NewAPIHandler(cfg Config, awsCfg aws.Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	d, log, opts, err := wire(cfg, awsCfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return httpapi.New(ports.NewHTTPServer(d.App, d.Idempotency, log).Routes(), log), opts, nil
}

// NewProjectorHandler returns the orders-projector function.
func NewProjectorHandler(cfg Config, awsCfg aws.Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	d, log, opts, err := wire(cfg, awsCfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return ports.NewProjector(d.App, log), opts, nil
}

// NewRelayHandler returns the orders-relay function: the change-capture
// handler that publishes each commit's events to the platform bus.
func NewRelayHandler(cfg Config, awsCfg aws.Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	if cfg.EventBusName == "" {
		return nil, middleware.Options{}, errors.New("config: EVENT_BUS_NAME is required")
	}
	log, opts, err := options(cfg, out)
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

// NewEventsHandler returns the orders-events function: the consumer of the
// subscriptions' queues.
func NewEventsHandler(cfg Config, awsCfg aws.Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	d, log, opts, err := wire(cfg, awsCfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	c, err := ports.NewEventConsumer(orders.EventsFunction, d.App, d.Idempotency, log)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return c, opts, nil
}

// NewRebuildHandler returns the orders-rebuild function: any payload
// rebuilds the read model and the answer counts what it did.
func NewRebuildHandler(cfg Config, awsCfg aws.Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	d, log, opts, err := wire(cfg, awsCfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	rebuild := d.App.Commands.RebuildReadModel
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
