package middleware

import (
	"context"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// Constructor builds one function: its handler and the options of the
// standard middleware it runs behind, from its configuration C, logging
// JSON and writing EMF metrics to out. Every service's service package
// exposes one per function, named New<Function>Handler; the function's
// main passes it to Main, and tests call it directly, so a test drives
// exactly what Lambda runs.
type Constructor[C any] func(ctx context.Context, cfg C, out io.Writer) (lambda.Handler, Options, error)

// Main is the whole of a function's main: it loads C from the environment
// (config.MustLoad), builds the function with build, and runs it through
// Start. A configuration or construction error stops the cold start with
// one JSON line on stderr naming the function, and exit status 1. When
// AWS_LAMBDA_EXEC_WRAPPER names a wrapper, Main first runs the process
// again under it, as Lambda does on its managed runtimes.
func Main[C any](build Constructor[C]) {
	if err := execWrapper(sysExec); err != nil {
		logging.New(stderr, slog.LevelError).Error(functionName()+" failed to start", slog.String("error", err.Error()))
		exit(1)
		return
	}
	cfg := config.MustLoad[C]()
	h, opts, err := build(context.Background(), cfg, os.Stdout)
	if err != nil {
		logging.New(stderr, slog.LevelError).Error(functionName()+" failed to start", slog.String("error", err.Error()))
		exit(1)
		return
	}
	Start(h, opts)
}

// functionName is the function's name as Lambda gives it, or "function".
func functionName() string {
	if name := os.Getenv("AWS_LAMBDA_FUNCTION_NAME"); name != "" {
		return name
	}
	return "function"
}

// NewOptions returns the standard options of a function of service: a
// JSON logger at level and an EMF emitter in the platform's namespace with
// the Service dimension, both writing to out. The logger is returned too,
// for the function's own use.
func NewOptions(service string, level slog.Leveler, out io.Writer) (*slog.Logger, Options, error) {
	log := logging.New(out, level)
	opts := Options{
		Service: service,
		Logger:  log,
		Metrics: metrics.New(metrics.Namespace, out, map[string]string{"Service": service}),
	}
	if err := opts.Validate(); err != nil {
		return nil, Options{}, err
	}
	return log, opts, nil
}
