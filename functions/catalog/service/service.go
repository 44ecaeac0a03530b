// Package service wires the catalog: configuration, AWS clients,
// repository, use cases and each function's port, with the options of the
// platform's Lambda middleware. It exposes one constructor per function
// (NewAPIHandler, NewPublisherHandler), each a middleware.Constructor: the
// mains in cmd/ pass it to middleware.Main, and the tests call it, so a
// test drives exactly what Lambda runs.
package service

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/functions/catalog/ports"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/wire"
)

// Config is the configuration of the catalog's functions.
type Config struct {
	config.Platform
}

// Validate checks what every catalog function needs beyond the platform
// variables: the table. The publisher also needs the bus, which
// NewPublisherHandler checks.
func (c Config) Validate() error {
	if c.TableName == "" {
		return errors.New("config: TABLE_NAME is required")
	}
	return nil
}

// NewApplication wires the use cases around a repository.
func NewApplication(repo app.ProductRepository, health app.HealthChecker, now func() time.Time) app.Application {
	return app.Application{
		Commands: app.Commands{
			PutProduct:    app.NewPutProductHandler(repo, now),
			DeleteProduct: app.NewDeleteProductHandler(repo, now),
		},
		Queries: app.Queries{
			ProductBySKU: app.NewProductBySKUHandler(repo),
			ListProducts: app.NewListProductsHandler(repo),
		},
		Health: health,
	}
}

// NewAPIHandler builds the catalog-api function: the HTTP port behind
// httpapi, on the DynamoDB table cfg names, and the options of the
// standard middleware it runs behind, logging JSON and writing EMF metrics
// to out.
func NewAPIHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, catalog.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	repo, err := adapters.NewProductDynamoRepository(f.DynamoDB(), f.Table())
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(serveHTTP(f, NewApplication(repo, repo, time.Now)))
}

// serveHTTP is the catalog's HTTP port on application, behind httpapi: the
// part of NewAPIHandler after the storage, which the benchmarks build on
// the memory repository.
func serveHTTP(f *wire.Function, application app.Application) lambda.Handler {
	return f.HTTP(ports.NewHTTPServer(application, f.Log).Routes())
}

// NewPublisherHandler builds the catalog-publisher function: the
// change-capture handler that reads the catalog table's stream and
// publishes ProductUpserted and ProductDeleted to the bus cfg names, so a
// product change is published if and only if it was stored; and the
// options of the standard middleware it runs behind.
func NewPublisherHandler(ctx context.Context, cfg Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	f, err := wire.New(ctx, catalog.Spec, cfg.Platform, out)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	h, err := f.StreamPublisher(adapters.ProductEvents)
	if err != nil {
		return nil, middleware.Options{}, err
	}
	return f.Done(h)
}
