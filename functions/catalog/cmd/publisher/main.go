// Command publisher is the catalog-publisher Lambda function: it reads the
// catalog table's stream and publishes ProductUpserted and ProductDeleted
// to the platform bus, so a product change is published if and only if it
// was stored.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// Config is the function's configuration.
type Config struct {
	config.Platform
}

// Validate checks what the publisher needs beyond the platform variables.
func (c Config) Validate() error {
	if c.EventBusName == "" {
		return errors.New("config: EVENT_BUS_NAME is required")
	}
	return nil
}

func main() {
	cfg := config.MustLoad[Config]()
	awsCfg, err := awsclient.Load(context.Background())
	if err != nil {
		fail(fmt.Errorf("AWS configuration: %w", err))
	}
	h, opts, err := newHandler(cfg, awsCfg, os.Stdout)
	if err != nil {
		fail(err)
	}
	middleware.Start(h, opts)
}

// newHandler builds the change-capture handler and the options of the
// standard middleware it runs behind, logging JSON and writing EMF metrics
// to out.
func newHandler(cfg Config, awsCfg aws.Config, out io.Writer) (lambda.Handler, middleware.Options, error) {
	var none middleware.Options
	if err := cfg.Validate(); err != nil {
		return nil, none, err
	}
	log := logging.New(out, cfg.LogLevel)
	pub, err := eventbus.ForService(awsclient.EventBridge(awsCfg), cfg.EventBusName, catalog.Spec)
	if err != nil {
		return nil, none, err
	}
	h, err := changecapture.New(changecapture.Config{
		Source: catalog.Spec.Source(), Map: adapters.ProductEvents, Publisher: pub, Log: log,
	})
	if err != nil {
		return nil, none, err
	}
	opts := middleware.Options{
		Service: catalog.Spec.Name,
		Logger:  log,
		Metrics: metrics.New("Conveyor", out, map[string]string{"Service": catalog.Spec.Name}),
	}
	if err := opts.Validate(); err != nil {
		return nil, none, err
	}
	return h, opts, nil
}

// fail stops the cold start with one JSON line naming what went wrong.
func fail(err error) {
	logging.New(os.Stderr, slog.LevelError).Error("catalog-publisher failed to start", slog.String("error", err.Error()))
	os.Exit(1)
}
