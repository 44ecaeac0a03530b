package middleware

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// HandlerSegment is the name of the subsegment Tracing opens around each
// traced invocation.
const HandlerSegment = "handler"

// Tracing runs each invocation in a subsegment (HandlerSegment) that
// records its error, annotated with the service, the function, the cold
// start and the correlation id, so traces can be searched by them. Without
// a trace it only calls the handler.
func Tracing(service string) Middleware {
	return func(next lambda.Handler) lambda.Handler {
		return HandlerFunc(func(ctx context.Context, payload []byte) ([]byte, error) {
			var out []byte
			err := tracing.Capture(ctx, HandlerSegment, func(ctx context.Context) error {
				tracing.Annotate(ctx, "service", service)
				if fn := lambdacontext.FunctionName; fn != "" {
					tracing.Annotate(ctx, "function", fn)
				}
				if cold, ok := logging.ColdStart(ctx); ok {
					tracing.Annotate(ctx, "cold_start", cold)
				}
				var err error
				out, err = next.Invoke(ctx, payload)
				// After the handler: it may have learnt the correlation id
				// from its request or event (see correlation.Track).
				if id := correlation.From(ctx); id != "" {
					tracing.Annotate(ctx, "correlation_id", id)
				}
				return err
			})
			return out, err
		})
	}
}
