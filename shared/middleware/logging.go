package middleware

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/shared/correlation"
)

// Logging marks the context with the cold start (true for the first
// invocation only) and, when it carries no correlation id, tracks one for
// the invocation: a provisional new id that the handler's first
// correlation.With replaces (an HTTP request's X-Correlation-Id, an
// event's correlation id). It logs one "invocation" line when the
// invocation ends: INFO with duration_ms, or ERROR with the error too.
// With a logger from logging.New, the line carries the request id, trace
// id, the invocation's correlation id and cold start.
func Logging(logger *slog.Logger) Middleware {
	cs := &coldStart{}
	return func(next lambda.Handler) lambda.Handler {
		return HandlerFunc(func(ctx context.Context, payload []byte) (out []byte, err error) {
			ctx, _ = cs.mark(ctx)
			if correlation.From(ctx) == "" {
				ctx = correlation.Track(ctx, correlation.NewID())
			}
			start := time.Now()
			returned := false
			defer func() {
				duration := slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000)
				switch {
				case !returned:
					logger.LogAttrs(ctx, slog.LevelError, "invocation", duration, slog.String("error", "panic"))
				case err != nil:
					logger.LogAttrs(ctx, slog.LevelError, "invocation", duration, slog.String("error", err.Error()))
				default:
					logger.LogAttrs(ctx, slog.LevelInfo, "invocation", duration)
				}
			}()
			out, err = next.Invoke(ctx, payload)
			returned = true
			return out, err
		})
	}
}
