// Package service wires payments: configuration, AWS clients, the
// repository, the provider client, use cases and ports, with the options of
// the platform's Lambda middleware. It exposes one constructor per
// function, NewAPIHandler, NewSagaHandler and NewPublisherHandler, each a
// middleware.Constructor: the mains in cmd/ pass it to middleware.Main, and
// the tests call it, so a test drives exactly what Lambda runs.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/ports"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/tracing"
	"github.com/conveyor-dev/conveyor/shared/wire"
)

// breakerName names the provider's circuit breaker in the table.
const breakerName = "payment-provider"

// Config is the configuration of the payments functions. The saga needs
// ProviderURL and RetryQueueURL, the publisher EventBusName (their
// constructors check them); the resilience settings have defaults and
// matter only to the saga.
type Config struct {
	config.Platform
	// ProviderURL is the payment provider's base URL
	// (PAYMENT_PROVIDER_URL).
	ProviderURL string `env:"PAYMENT_PROVIDER_URL"`
	// RetryQueueURL is the URL of the saga's own subscription queue, where
	// parked authorisations wait as delayed messages (RETRY_QUEUE_URL).
	RetryQueueURL string `env:"RETRY_QUEUE_URL"`

	// ProviderCallTimeout bounds one try of a provider call
	// (PROVIDER_CALL_TIMEOUT).
	ProviderCallTimeout time.Duration `env:"PROVIDER_CALL_TIMEOUT" envDefault:"1500ms"`
	// ProviderMaxTries bounds the tries of one provider call
	// (PROVIDER_MAX_TRIES).
	ProviderMaxTries uint `env:"PROVIDER_MAX_TRIES" envDefault:"3"`
	// ProviderMaxElapsed bounds one provider call with its retries
	// (PROVIDER_MAX_ELAPSED).
	ProviderMaxElapsed time.Duration `env:"PROVIDER_MAX_ELAPSED" envDefault:"4s"`
	// ProviderFirstBackoff is the wait before the first retry of a call,
	// doubled each time up to ProviderMaxBackoff, with half of it as
	// jitter (PROVIDER_FIRST_BACKOFF, PROVIDER_MAX_BACKOFF).
	ProviderFirstBackoff time.Duration `env:"PROVIDER_FIRST_BACKOFF" envDefault:"100ms"`
	ProviderMaxBackoff   time.Duration `env:"PROVIDER_MAX_BACKOFF" envDefault:"1s"`

	// BreakerFailuresToOpen is how many failed tries in a row open the
	// circuit breaker (BREAKER_FAILURES_TO_OPEN).
	BreakerFailuresToOpen uint32 `env:"BREAKER_FAILURES_TO_OPEN" envDefault:"5"`
	// BreakerOpenFor is how long the breaker stays open before it lets a
	// probe through (BREAKER_OPEN_FOR).
	BreakerOpenFor time.Duration `env:"BREAKER_OPEN_FOR" envDefault:"5s"`
	// BreakerSharedCacheFor is how long an instance reuses its read of the
	// breaker state the instances share (BREAKER_SHARED_CACHE_FOR).
	BreakerSharedCacheFor time.Duration `env:"BREAKER_SHARED_CACHE_FOR" envDefault:"500ms"`

	// ParkMaxAttempts is how many tries an authorisation gets before it is
	// declined as provider_unavailable (PARK_MAX_ATTEMPTS). With the
	// default delays, retries come after about 5, 10, 20, 40 and 60
	// seconds: some two minutes and a quarter of provider outage.
	ParkMaxAttempts int `env:"PARK_MAX_ATTEMPTS" envDefault:"6"`
	// ParkFirstDelay is the wait before a parked authorisation's first
	// retry; each next one doubles, up to ParkMaxDelay, with up to a fifth
	// of jitter either way (PARK_FIRST_DELAY, PARK_MAX_DELAY).
	ParkFirstDelay time.Duration `env:"PARK_FIRST_DELAY" envDefault:"5s"`
	ParkMaxDelay   time.Duration `env:"PARK_MAX_DELAY" envDefault:"1m"`

	// SettleMaxAttempts is how many tries a refund or a void gets while
	// the provider cannot be reached before it is abandoned, logged and
	// counted as RefundsAbandoned, for an operator (SETTLE_MAX_ATTEMPTS).
	// With the default delays, retries come after about 5, 10, 20 ... 640
	// seconds, then every 15 minutes: some 24 hours of provider outage.
	SettleMaxAttempts int `env:"SETTLE_MAX_ATTEMPTS" envDefault:"100"`
	// SettleFirstDelay is the wait before a parked refund's or void's
	// first retry; each next one doubles, up to SettleMaxDelay (at most
	// 15 minutes, the longest SQS message timer), with up to a fifth of
	// jitter either way (SETTLE_FIRST_DELAY, SETTLE_MAX_DELAY).
	SettleFirstDelay time.Duration `env:"SETTLE_FIRST_DELAY" envDefault:"5s"`
	SettleMaxDelay   time.Duration `env:"SETTLE_MAX_DELAY" envDefault:"15m"`
}

// Validate checks what payments needs beyond the platform variables, and
// that each setting is usable.
func (c Config) Validate() error {
	var errs []error
	if c.TableName == "" {
		errs = append(errs, errors.New("config: TABLE_NAME is required"))
	}
	if c.ProviderURL != "" {
		if u, err := url.Parse(c.ProviderURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("config: %s: %q is not an http(s) URL", payments.EnvProviderURL, c.ProviderURL))
		}
	}
	positive := []struct {
		name string
		ok   bool
	}{
		{"PROVIDER_CALL_TIMEOUT", c.ProviderCallTimeout > 0},
		{"PROVIDER_MAX_TRIES", c.ProviderMaxTries > 0},
		{"PROVIDER_MAX_ELAPSED", c.ProviderMaxElapsed > 0},
		{"PROVIDER_FIRST_BACKOFF", c.ProviderFirstBackoff > 0},
		{"BREAKER_FAILURES_TO_OPEN", c.BreakerFailuresToOpen > 0},
		{"BREAKER_OPEN_FOR", c.BreakerOpenFor > 0},
		{"BREAKER_SHARED_CACHE_FOR", c.BreakerSharedCacheFor > 0},
	}
	for _, p := range positive {
		if !p.ok {
			errs = append(errs, fmt.Errorf("config: %s must be positive", p.name))
		}
	}
	if c.ProviderMaxBackoff < c.ProviderFirstBackoff {
		errs = append(errs, fmt.Errorf("config: PROVIDER_MAX_BACKOFF (%s) must not be less than PROVIDER_FIRST_BACKOFF (%s)", c.ProviderMaxBackoff, c.ProviderFirstBackoff))
	}
	if err := c.parkPolicy().Validate(); err != nil {
		errs = append(errs, fmt.Errorf("config: PARK_MAX_ATTEMPTS, PARK_FIRST_DELAY, PARK_MAX_DELAY: %w", err))
	}
	if err := c.settlePolicy().Validate(); err != nil {
		errs = append(errs, fmt.Errorf("config: SETTLE_MAX_ATTEMPTS, SETTLE_FIRST_DELAY, SETTLE_MAX_DELAY: %w", err))
	}
	return errors.Join(errs...)
}

// validateSaga checks, besides Validate, what only the saga needs. The
// saga publishes nothing itself: it needs no bus.
func (c Config) validateSaga() error {
	var errs []error
	for _, v := range []struct{ name, value string }{
		{payments.EnvProviderURL, c.ProviderURL},
		{payments.EnvRetryQueueURL, c.RetryQueueURL},
	} {
		if v.value == "" {
			errs = append(errs, fmt.Errorf("config: %s is required", v.name))
		}
	}
	return errors.Join(append(errs, c.Validate())...)
}

func (c Config) parkPolicy() app.ParkPolicy {
	return app.ParkPolicy{MaxAttempts: c.ParkMaxAttempts, FirstDelay: c.ParkFirstDelay, MaxDelay: c.ParkMaxDelay}
}

func (c Config) settlePolicy() app.ParkPolicy {
	return app.ParkPolicy{MaxAttempts: c.SettleMaxAttempts, FirstDelay: c.SettleFirstDelay, MaxDelay: c.SettleMaxDelay}
}

// Dependencies are what the use cases are built on.
type Dependencies struct {
	Repo     app.PaymentRepository
	Health   app.HealthChecker
	Breaker  app.BreakerReader
	Provider app.Provider
	Retries  app.RetryScheduler
	// Policy paces the parked authorisations, SettlePolicy the parked
	// refunds and voids.
	Policy       app.ParkPolicy
	SettlePolicy app.ParkPolicy
	Now          func() time.Time
	Log          *slog.Logger
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
			RecordOrder:      app.NewRecordOrderHandler(d.Repo, d.Now, d.Log),
			AuthorizePayment: app.NewAuthorizePaymentHandler(d.Repo, d.Provider, d.Retries, d.Policy, d.SettlePolicy, d.Now, d.Log),
			CancelPayment:    app.NewCancelPaymentHandler(d.Repo, d.Provider, d.Retries, d.SettlePolicy, d.Now, d.Log),
			SettlePayment:    app.NewSettlePaymentHandler(d.Repo, d.Provider, d.Retries, d.SettlePolicy, d.Now, d.Log),
		}
	}
	return a
}

// open starts a function of payments (wire.New) and opens its table: the
// payments repository, and the shared state of the provider's circuit
// breaker.
func open(ctx context.Context, cfg Config, out io.Writer) (*wire.Function, *adapters.PaymentDynamoRepository, *adapters.BreakerDynamoStore, error) {
	f, err := wire.New(ctx, payments.Spec, cfg.Platform, out)
	if err != nil {
		return nil, nil, nil, err
	}
	repo, err := adapters.NewPaymentDynamoRepository(f.DynamoDB(), f.Table())
	if err != nil {
		return nil, nil, nil, err
	}
	breaker, err := adapters.NewBreakerDynamoStore(f.DynamoDB(), f.Table(), breakerName, payments.Spec.Table.TTLAttribute)
	if err != nil {
		return nil, nil, nil, err
	}
	return f, repo, breaker, nil
}

// NewAPIHandler builds the payments-api function: the HTTP port behind
// httpapi, and the options of the middleware it runs behind, logging JSON
// and writing EMF metrics to out.
func NewAPIHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	if err := cfg.Validate(); err != nil {
		return nil, middleware.Options{}, err
	}
	f, repo, breaker, err := open(ctx, cfg, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	application := NewApplication(Dependencies{Repo: repo, Health: repo, Breaker: breaker, Now: time.Now, Log: f.Log})
	return f.Done(f.HTTP(ports.NewHTTPServer(application, f.Log, time.Now).Routes()))
}

// NewSagaHandler builds the payments-saga function: the consumer of the
// saga queue (a *consumer.Consumer), calling the payment provider through
// a timeout, retries, a circuit breaker and delayed retries, and storing
// each decision for payments-publisher to announce; and the options of the
// middleware it runs behind, logging JSON and writing EMF metrics to out.
func NewSagaHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	var none middleware.Options
	if err := cfg.validateSaga(); err != nil {
		return nil, none, err
	}
	f, repo, breaker, err := open(ctx, cfg, out)
	if err != nil {
		return nil, none, err
	}
	provider, err := adapters.NewProviderClient(adapters.ProviderClientConfig{
		BaseURL:        cfg.ProviderURL,
		HTTP:           tracing.HTTPClient(&http.Client{}),
		CallTimeout:    cfg.ProviderCallTimeout,
		MaxTries:       cfg.ProviderMaxTries,
		MaxElapsed:     cfg.ProviderMaxElapsed,
		FirstBackoff:   cfg.ProviderFirstBackoff,
		MaxBackoff:     cfg.ProviderMaxBackoff,
		FailuresToOpen: cfg.BreakerFailuresToOpen,
		OpenFor:        cfg.BreakerOpenFor,
		Shared:         breaker,
		SharedCacheFor: cfg.BreakerSharedCacheFor,
		Log:            f.Log,
	})
	if err != nil {
		return nil, none, err
	}
	retries, err := adapters.NewRetrySQSScheduler(awsclient.SQS(f.AWS), cfg.RetryQueueURL)
	if err != nil {
		return nil, none, err
	}
	c, err := f.Consumer(payments.SagaFunction)
	if err != nil {
		return nil, none, err
	}
	ports.RegisterSagaHandlers(c, NewApplication(Dependencies{
		Repo: repo, Health: repo, Breaker: breaker, Provider: provider, Retries: retries,
		Policy: cfg.parkPolicy(), SettlePolicy: cfg.settlePolicy(), Now: time.Now, Log: f.Log,
	}))
	return f.Done(c)
}

// NewPublisherHandler builds the payments-publisher function: the
// change-capture handler that reads the payments table's stream and
// publishes each decision the saga stored (PaymentAuthorized,
// PaymentDeclined, PaymentRefunded) to the bus cfg names, so a decision is
// published if and only if it was stored, however long the bus refuses it;
// and the options of the middleware it runs behind.
func NewPublisherHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	if err := cfg.Validate(); err != nil {
		return nil, middleware.Options{}, err
	}
	f, err := wire.New(ctx, payments.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	h, err := f.StreamPublisher(adapters.PaymentEvents)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(h)
}
