// Package service wires the catalog: configuration, AWS clients,
// repository, use cases and the HTTP port, wrapped in the platform's Lambda
// middleware. The mains in cmd/ and the tests build the catalog through it,
// so a test drives exactly what Lambda runs.
package service

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/functions/catalog/ports"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// Name is the service name, as declared in functions/catalog/spec.go.
const Name = "catalog"

// MetricsNamespace is the CloudWatch namespace of every Conveyor metric.
const MetricsNamespace = "Conveyor"

// Config is the catalog API function's configuration.
type Config struct {
	config.Platform
}

// Validate checks what the catalog needs beyond the platform variables.
func (c Config) Validate() error {
	if c.TableName == "" {
		return fmt.Errorf("config: TABLE_NAME is required")
	}
	return nil
}

// NewApplication wires the use cases around a repository.
func NewApplication(repo app.ProductRepository, health app.HealthChecker, now func() time.Time) app.Application {
	return app.Application{
		Commands: app.Commands{
			PutProduct:    app.NewPutProductHandler(repo, now),
			DeleteProduct: app.NewDeleteProductHandler(repo),
		},
		Queries: app.Queries{
			ProductBySKU: app.NewProductBySKUHandler(repo),
			ListProducts: app.NewListProductsHandler(repo),
		},
		Health: health,
	}
}

// NewDynamoApplication builds the use cases on the DynamoDB table the
// configuration names.
func NewDynamoApplication(ctx context.Context, cfg Config) (app.Application, error) {
	awsCfg, err := awsclient.Load(ctx)
	if err != nil {
		return app.Application{}, fmt.Errorf("catalog: AWS configuration: %w", err)
	}
	repo, err := adapters.NewProductDynamoRepository(awsclient.DynamoDB(awsCfg), cfg.TableName)
	if err != nil {
		return app.Application{}, err
	}
	return NewApplication(repo, repo, time.Now), nil
}

// NewAPIHandler returns the catalog-api function: the HTTP port behind
// httpapi, and the options of the standard middleware it runs behind,
// logging JSON and writing EMF metrics to out. The main passes both to
// middleware.Start; tests wrap the handler with middleware.Standard(opts),
// so they drive what Lambda runs.
func NewAPIHandler(application app.Application, level slog.Leveler, out io.Writer) (lambda.Handler, middleware.Options, error) {
	log := logging.New(out, level)
	opts := middleware.Options{
		Service: Name,
		Logger:  log,
		Metrics: metrics.New(MetricsNamespace, out, map[string]string{"Service": Name}),
	}
	if err := opts.Validate(); err != nil {
		return nil, middleware.Options{}, err
	}
	return httpapi.New(ports.NewHTTPServer(application, log).Routes(), log), opts, nil
}
