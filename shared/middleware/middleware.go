package middleware

import (
	"context"
	"sync/atomic"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/shared/logging"
)

// Middleware wraps a handler in another.
type Middleware func(lambda.Handler) lambda.Handler

// HandlerFunc adapts a function to lambda.Handler.
type HandlerFunc func(ctx context.Context, payload []byte) ([]byte, error)

// Invoke calls f.
func (f HandlerFunc) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	return f(ctx, payload)
}

// Chain wraps h in m, the first listed outermost: Chain(h, a, b) runs a,
// then b, then h.
func Chain(h lambda.Handler, m ...Middleware) lambda.Handler {
	for i := len(m) - 1; i >= 0; i-- {
		h = m[i](h)
	}
	return h
}

// coldStart tells the first invocation through a middleware from the
// others.
type coldStart struct {
	seen atomic.Bool
}

// mark returns ctx recording whether the invocation is a cold start. A
// context that already says (an outer middleware marked it) is kept.
func (c *coldStart) mark(ctx context.Context) (context.Context, bool) {
	if cold, ok := logging.ColdStart(ctx); ok {
		return ctx, cold
	}
	cold := c.seen.CompareAndSwap(false, true)
	return logging.WithColdStart(ctx, cold), cold
}
