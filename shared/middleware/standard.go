package middleware

import (
	"errors"
	"io"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// Options configures the standard middleware of a function.
type Options struct {
	// Service is the name of the function's service, e.g. "catalog"; it
	// annotates traces.
	Service string
	// Logger receives the invocation lines and panics; use logging.New.
	Logger *slog.Logger
	// Metrics writes each invocation's EMF record.
	Metrics *metrics.Emitter
}

// Validate reports every missing or invalid option.
func (o Options) Validate() error {
	var errs []error
	if o.Service == "" {
		errs = append(errs, errors.New("middleware: Options.Service is required"))
	}
	if o.Logger == nil {
		errs = append(errs, errors.New("middleware: Options.Logger is required"))
	}
	if o.Metrics == nil {
		errs = append(errs, errors.New("middleware: Options.Metrics is required"))
	} else if err := o.Metrics.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Standard returns the middleware every function runs, in this order
// (outermost first): Recover, Logging, Metrics, Tracing, Recover. The
// inner Recover lets the others see a panic as an error; the outer one
// guards against a panic in the middleware itself. o must be valid.
func Standard(o Options) Middleware {
	return func(h lambda.Handler) lambda.Handler {
		return Chain(h,
			Recover(o.Logger),
			Logging(o.Logger),
			metricsTo(o.Metrics, o.Logger),
			Tracing(o.Service),
			Recover(o.Logger),
		)
	}
}

// exit and stderr are where Start stops the process; tests replace them.
var (
	exit             = os.Exit
	stderr io.Writer = os.Stderr
)

// Start validates o, sets tracing up, and runs h with the standard
// middleware as the process's Lambda handler. Invalid options stop the
// cold start with one JSON line on stderr and exit status 1.
func Start(h lambda.Handler, o Options) {
	if err := o.Validate(); err != nil {
		logging.New(stderr, slog.LevelError).Error("invalid middleware options", slog.String("error", err.Error()))
		exit(1)
		return
	}
	tracing.SetLogger(o.Logger)
	if err := tracing.Configure(); err != nil {
		o.Logger.Warn("tracing configuration", slog.String("error", err.Error()))
	}
	lambda.Start(Standard(o)(h))
}
