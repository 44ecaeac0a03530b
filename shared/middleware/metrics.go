package middleware

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// The metrics every invocation records.
const (
	// MetricColdStart is 1 for a cold start and 0 otherwise: its Sum
	// counts cold starts and its SampleCount invocations.
	MetricColdStart = metrics.MetricColdStart
	// MetricHandlerErrors is 1 when the handler failed or panicked and 0
	// otherwise: its Sum counts failures and its Average is the error rate.
	MetricHandlerErrors = metrics.MetricHandlerErrors
)

// Metrics begins a metrics batch for each invocation and puts it in the
// context (see metrics.FromContext), records ColdStart and HandlerErrors,
// with the request id, trace id and correlation id as properties, and flushes the batch
// exactly once when the invocation ends, even when the handler fails or
// panics. A batch that cannot be flushed cleanly is reported to
// slog.Default().
func Metrics(emitter *metrics.Emitter) Middleware {
	return metricsTo(emitter, nil)
}

// metricsTo is Metrics reporting flush problems to logger (nil means
// slog.Default()).
func metricsTo(emitter *metrics.Emitter, logger *slog.Logger) Middleware {
	cs := &coldStart{}
	return func(next lambda.Handler) lambda.Handler {
		return HandlerFunc(func(ctx context.Context, payload []byte) (out []byte, err error) {
			ctx, cold := cs.mark(ctx)
			batch := emitter.Begin()
			ctx = metrics.NewContext(ctx, batch)
			batch.Add(MetricColdStart, count(cold), metrics.Count)
			if lc, ok := lambdacontext.FromContext(ctx); ok && lc.AwsRequestID != "" {
				batch.Property("request_id", lc.AwsRequestID)
			}
			if id := logging.TraceID(ctx); id != "" {
				batch.Property("trace_id", id)
			}
			returned := false
			defer func() {
				// After the handler: it may have learnt the correlation id
				// from its request or event (see correlation.Track).
				if id := correlation.From(ctx); id != "" {
					batch.Property("correlation_id", id)
				}
				batch.Add(MetricHandlerErrors, count(!returned || err != nil), metrics.Count)
				if ferr := batch.Flush(); ferr != nil {
					l := logger
					if l == nil {
						l = slog.Default()
					}
					l.LogAttrs(ctx, slog.LevelError, "metrics flush", slog.String("error", ferr.Error()))
				}
			}()
			out, err = next.Invoke(ctx, payload)
			returned = true
			return out, err
		})
	}
}

func count(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
