// Package service wires payments: configuration, AWS clients, the
// repository, the provider client, use cases and ports, wrapped in the
// platform's Lambda middleware. The mains in cmd/ and the tests build
// payments through it, so a test drives exactly what Lambda runs.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/ports"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// MetricsNamespace is the CloudWatch namespace of every Conveyor metric.
const MetricsNamespace = "Conveyor"

// BreakerName names the provider's circuit breaker in the table.
const BreakerName = "payment-provider"

// Config is the configuration of the payments functions.
type Config struct {
	config.Platform
	// ProviderURL is the payment provider's base URL
	// (PAYMENT_PROVIDER_URL); the saga function needs it.
	ProviderURL string `env:"PAYMENT_PROVIDER_URL"`
}

// Validate checks what payments needs beyond the platform variables.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

// Dependencies are what the use cases are built on.
type Dependencies struct {
	Repo      app.PaymentRepository
	Health    app.HealthChecker
	Breaker   app.BreakerReader
	Provider  app.Provider
	Publisher app.Publisher
	Retries   app.RetryScheduler
	Policy    app.ParkPolicy
	Now       func() time.Time
	Log       *slog.Logger
}

// NewApplication wires the use cases. The saga's commands need every
// dependency; the API's queries only Repo, Health and Breaker.
func NewApplication(d Dependencies) app.Application {
	a := app.Application{
		Queries: app.Queries{PaymentByOrder: app.NewPaymentByOrderHandler(d.Repo), Breaker: d.Breaker},
		Health:  d.Health,
	}
	if d.Provider != nil {
		a.Commands = app.Commands{
			RecordOrder:      app.NewRecordOrderHandler(d.Repo, d.Now),
			AuthorizePayment: app.NewAuthorizePaymentHandler(d.Repo, d.Provider, d.Publisher, d.Retries, d.Policy, d.Now, d.Log),
			CancelPayment:    app.NewCancelPaymentHandler(d.Repo, d.Provider, d.Publisher, d.Now),
		}
	}
	return a
}

// Clients are the AWS clients payments uses.
type Clients struct {
	DynamoDB    adapters.DynamoDBAPI
	Idempotency idempotency.API
	SQS         adapters.SQSAPI
	EventBridge eventbus.API
}

// NewClients builds the AWS clients from cfg.
func NewClients(awsCfg aws.Config) Clients {
	db := awsclient.DynamoDB(awsCfg)
	return Clients{DynamoDB: db, Idempotency: db, SQS: awsclient.SQS(awsCfg), EventBridge: awsclient.EventBridge(awsCfg)}
}

// Tuning holds the resilience settings; the zero value takes the
// defaults of adapters.ProviderClientConfig and app.DefaultParkPolicy.
type Tuning struct {
	Provider adapters.ProviderClientConfig
	Policy   app.ParkPolicy
}

func newOptions(log *slog.Logger, out io.Writer) (middleware.Options, error) {
	opts := middleware.Options{
		Service: payments.Spec.Name,
		Logger:  log,
		Metrics: metrics.New(MetricsNamespace, out, map[string]string{"Service": payments.Spec.Name}),
	}
	return opts, opts.Validate()
}

// NewAPIHandler returns the payments-api function as Lambda runs it,
// logging JSON and writing EMF metrics to out.
func NewAPIHandler(cfg Config, clients Clients, out io.Writer) (lambda.Handler, error) {
	log := logging.New(out, cfg.LogLevel)
	repo, err := adapters.NewPaymentDynamoRepository(clients.DynamoDB, cfg.TableName)
	if err != nil {
		return nil, err
	}
	breaker, err := adapters.NewBreakerDynamoStore(clients.DynamoDB, cfg.TableName, BreakerName, payments.Spec.Table.TTLAttribute)
	if err != nil {
		return nil, err
	}
	application := NewApplication(Dependencies{Repo: repo, Health: repo, Breaker: breaker, Now: time.Now, Log: log})
	opts, err := newOptions(log, out)
	if err != nil {
		return nil, err
	}
	api := httpapi.New(ports.NewHTTPServer(application, log, time.Now).Routes(), log)
	return middleware.Standard(opts)(api), nil
}

// NewSagaHandler returns the payments-saga function as Lambda runs it,
// logging JSON and writing EMF metrics to out, and the options of the
// standard middleware it runs behind.
func NewSagaHandler(cfg Config, clients Clients, tuning Tuning, out io.Writer) (lambda.Handler, middleware.Options, error) {
	var none middleware.Options
	if cfg.ProviderURL == "" {
		return nil, none, fmt.Errorf("config: %s is required", payments.EnvProviderURL)
	}
	if cfg.EventBusName == "" {
		return nil, none, errors.New("config: EVENT_BUS_NAME is required")
	}
	log := logging.New(out, cfg.LogLevel)
	repo, err := adapters.NewPaymentDynamoRepository(clients.DynamoDB, cfg.TableName)
	if err != nil {
		return nil, none, err
	}
	breaker, err := adapters.NewBreakerDynamoStore(clients.DynamoDB, cfg.TableName, BreakerName, payments.Spec.Table.TTLAttribute)
	if err != nil {
		return nil, none, err
	}
	pc := tuning.Provider
	pc.BaseURL, pc.Shared, pc.Log = cfg.ProviderURL, breaker, log
	if pc.HTTP == nil {
		pc.HTTP = tracing.HTTPClient(&http.Client{})
	}
	provider, err := adapters.NewProviderClient(pc)
	if err != nil {
		return nil, none, err
	}
	pub, err := eventbus.ForService(clients.EventBridge, cfg.EventBusName, payments.Spec)
	if err != nil {
		return nil, none, err
	}
	retries, err := adapters.NewRetrySQSScheduler(clients.SQS)
	if err != nil {
		return nil, none, err
	}
	policy := tuning.Policy
	if policy == (app.ParkPolicy{}) {
		policy = app.DefaultParkPolicy
	}
	if err := policy.Validate(); err != nil {
		return nil, none, err
	}
	application := NewApplication(Dependencies{
		Repo: repo, Health: repo, Breaker: breaker, Provider: provider, Publisher: pub, Retries: retries,
		Policy: policy, Now: time.Now, Log: log,
	})
	idemCfg, err := idempotency.ConfigFor(clients.Idempotency, cfg.TableName, payments.Spec.Table)
	if err != nil {
		return nil, none, err
	}
	store, err := idempotency.NewStore(idemCfg)
	if err != nil {
		return nil, none, err
	}
	c, err := consumer.New(consumer.Config{Name: payments.SagaFunction, Idempotency: store, Log: log})
	if err != nil {
		return nil, none, err
	}
	opts, err := newOptions(log, out)
	if err != nil {
		return nil, none, err
	}
	return ports.NewSagaHandler(application, c, log), opts, nil
}

// LoadClients loads the AWS configuration and builds the clients.
func LoadClients(ctx context.Context) (Clients, error) {
	awsCfg, err := awsclient.Load(ctx)
	if err != nil {
		return Clients{}, fmt.Errorf("payments: AWS configuration: %w", err)
	}
	return NewClients(awsCfg), nil
}
