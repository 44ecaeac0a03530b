// Package service wires the inventory: configuration, AWS clients,
// repository, publisher, use cases and the ports, wrapped in the
// platform's Lambda middleware. The mains in cmd/ and the tests build the
// inventory through it, so a test drives exactly what Lambda runs.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/ports"
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

// MetricsNamespace is the CloudWatch namespace of every Conveyor metric.
const MetricsNamespace = "Conveyor"

// Config is the configuration of the inventory's functions.
type Config struct {
	config.Platform
}

// Validate checks what the inventory needs beyond the platform variables.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

// EventsConfig is the configuration of the inventory-events function,
// which also publishes.
type EventsConfig struct {
	config.Platform
}

// Validate checks what the events function needs beyond the platform
// variables.
func (c EventsConfig) Validate() error {
	var errs []error
	if c.TableName == "" {
		errs = append(errs, errors.New("config: TABLE_NAME is required"))
	}
	if c.EventBusName == "" {
		errs = append(errs, errors.New("config: EVENT_BUS_NAME is required"))
	}
	return errors.Join(errs...)
}

// NewApplication wires the use cases around a repository and a publisher.
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

func (noPublisher) Publish(context.Context, string, time.Time, events.Event) error {
	return errors.New("inventory: the API function publishes no events")
}

// NewDynamoApplication builds the use cases on the DynamoDB table the
// configuration names; bus publishes their events, and may be nil for a
// function that publishes none.
func NewDynamoApplication(awsCfg aws.Config, table string, bus adapters.EnvelopePublisher) (app.Application, error) {
	repo, err := adapters.NewStockDynamoRepository(awsclient.DynamoDB(awsCfg), table)
	if err != nil {
		return app.Application{}, err
	}
	var pub app.Publisher = noPublisher{}
	if bus != nil {
		if pub, err = adapters.NewBusPublisher(bus, inventory.Spec.Source()); err != nil {
			return app.Application{}, err
		}
	}
	return NewApplication(repo, repo, pub, time.Now), nil
}

func options(log *slog.Logger, out io.Writer) (middleware.Options, error) {
	opts := middleware.Options{
		Service: inventory.Spec.Name,
		Logger:  log,
		Metrics: metrics.New(MetricsNamespace, out, map[string]string{"Service": inventory.Spec.Name}),
	}
	return opts, opts.Validate()
}

// NewAPIHandler returns the inventory-api function's handler (the HTTP port
// behind httpapi) and the options of the standard middleware it runs
// behind, logging JSON and writing EMF metrics to out.
func NewAPIHandler(cfg Config, awsCfg aws.Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	var none middleware.Options
	if err := cfg.Validate(); err != nil {
		return nil, none, err
	}
	application, err := NewDynamoApplication(awsCfg, cfg.TableName, nil)
	if err != nil {
		return nil, none, err
	}
	log := logging.New(out, cfg.LogLevel)
	opts, err := options(log, out)
	if err != nil {
		return nil, none, err
	}
	return httpapi.New(ports.NewHTTPServer(application, log).Routes(), log), opts, nil
}

// NewEventsHandler returns the inventory-events function's handler (the
// consumer of order events, idempotent per event id in the inventory's
// table) and the options of the standard middleware it runs behind. bus
// sends the PutEvents calls; nil means an EventBridge client of awsCfg.
func NewEventsHandler(cfg EventsConfig, awsCfg aws.Config, bus eventbus.API, out io.Writer) (lambda.Handler, middleware.Options, error) {
	var none middleware.Options
	if err := cfg.Validate(); err != nil {
		return nil, none, err
	}
	if bus == nil {
		bus = awsclient.EventBridge(awsCfg)
	}
	publisher, err := eventbus.ForService(bus, cfg.EventBusName, inventory.Spec)
	if err != nil {
		return nil, none, err
	}
	application, err := NewDynamoApplication(awsCfg, cfg.TableName, publisher)
	if err != nil {
		return nil, none, err
	}
	storeCfg, err := idempotency.ConfigFor(awsclient.DynamoDB(awsCfg), cfg.TableName, inventory.Spec.Table)
	if err != nil {
		return nil, none, err
	}
	store, err := idempotency.NewStore(storeCfg)
	if err != nil {
		return nil, none, err
	}
	log := logging.New(out, cfg.LogLevel)
	c, err := consumer.New(consumer.Config{
		Name: inventory.EventsFunction, Idempotency: store, Log: log,
	})
	if err != nil {
		return nil, none, fmt.Errorf("inventory: %w", err)
	}
	ports.RegisterEventHandlers(c, application, log)
	opts, err := options(log, out)
	if err != nil {
		return nil, none, err
	}
	return c, opts, nil
}
