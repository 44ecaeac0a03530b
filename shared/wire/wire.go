// Package wire builds what every function of a service starts from: its
// logger and middleware options, its AWS configuration, and, on request,
// the clients and toolkit pieces the platform gives each service — its
// table, its publisher on the platform bus, an idempotent event consumer
// and the HTTP adapter.
//
// A service's New<Function>Handler constructors (see middleware.Constructor)
// begin with wire.New and add only what is their own: repositories, use
// cases and ports. So every service is wired the same way, and a new one
// copies a few lines rather than a page.
package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Function is one function of a service, being built.
type Function struct {
	// Service is the service's declaration.
	Service spec.Service
	// Platform is the platform configuration the function was started
	// with.
	Platform config.Platform
	// AWS is the SDK configuration every client is made from.
	AWS aws.Config
	// Log is the function's JSON logger.
	Log *slog.Logger
	// Options are the options of the standard middleware, to return from
	// the constructor.
	Options middleware.Options

	db *dynamodb.Client
}

// New starts building a function of service s from the platform
// configuration p, logging JSON and writing EMF metrics to out. Every
// service has a table, so p must name it; the AWS configuration is loaded
// with awsclient.Load (AWS_ENDPOINT_URL points it at an emulator).
func New(ctx context.Context, s spec.Service, p config.Platform, out io.Writer) (*Function, error) {
	if p.TableName == "" {
		return nil, errors.New("config: TABLE_NAME is required")
	}
	log, opts, err := middleware.NewOptions(s.Name, p.LogLevel, out)
	if err != nil {
		return nil, err
	}
	awsCfg, err := awsclient.Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: AWS configuration: %w", s.Name, err)
	}
	return &Function{Service: s, Platform: p, AWS: awsCfg, Log: log, Options: opts}, nil
}

// DynamoDB returns the function's DynamoDB client, the same one on every
// call.
func (f *Function) DynamoDB() *dynamodb.Client {
	if f.db == nil {
		f.db = awsclient.DynamoDB(f.AWS)
	}
	return f.db
}

// Table is the physical name of the service's table.
func (f *Function) Table() string { return f.Platform.TableName }

// Publisher returns a publisher on the platform bus for the event types
// the service declares. The configuration must name the bus.
func (f *Function) Publisher() (*eventbus.Publisher, error) {
	if f.Platform.EventBusName == "" {
		return nil, errors.New("config: EVENT_BUS_NAME is required")
	}
	return eventbus.ForService(awsclient.EventBridge(f.AWS), f.Platform.EventBusName, f.Service)
}

// Idempotency returns a store of idempotency records in the service's own
// table, keyed as its declaration says.
func (f *Function) Idempotency() (*idempotency.Store, error) {
	cfg, err := idempotency.ConfigFor(f.DynamoDB(), f.Table(), f.Service.Table)
	if err != nil {
		return nil, err
	}
	return idempotency.NewStore(cfg)
}

// Consumer returns an event consumer named after the function name, which
// handles each event once, remembering it in the service's table.
// Register its handlers, then return it as the function's handler: the
// platform's tests ask it which event types it handles.
func (f *Function) Consumer(name string) (*consumer.Consumer, error) {
	store, err := f.Idempotency()
	if err != nil {
		return nil, err
	}
	return consumer.New(consumer.Config{Name: name, Idempotency: store, Log: f.Log})
}

// StreamPublisher returns the handler of a function that publishes the
// service's events from its table's stream: each change map turns into
// events goes to the platform bus (shared/changecapture), so an event is
// published if and only if it was stored. Return it with Done.
func (f *Function) StreamPublisher(m changecapture.Mapper) (*changecapture.Handler, error) {
	pub, err := f.Publisher()
	if err != nil {
		return nil, err
	}
	return changecapture.New(changecapture.Config{Source: f.Service.Source(), Map: m, Publisher: pub, Log: f.Log})
}

// HTTP returns the function's handler for the routes served by mux: API
// Gateway proxy events in, RFC 9457 problems out (httpapi).
func (f *Function) HTTP(mux *http.ServeMux) lambda.Handler { return httpapi.New(mux, f.Log) }

// Done returns h and the middleware options, for the constructor to
// return: `return f.Done(h)`.
func (f *Function) Done(h lambda.Handler) (lambda.Handler, middleware.Options, error) {
	return h, f.Options, nil
}
