package middleware

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/aws/aws-lambda-go/lambda"
)

// PanicError is the error Recover returns for a panic.
type PanicError struct {
	// Value is what the handler panicked with.
	Value any
	// Stack is the goroutine's stack at the panic.
	Stack []byte
}

// Error names the panic value; the stack stays in the log.
func (e *PanicError) Error() string {
	return fmt.Sprintf("handler panicked: %v", e.Value)
}

// Recover turns a panic of the next handler into a *PanicError returned to
// Lambda, and logs it with its stack, so that the process lives on for the
// next invocation.
func Recover(logger *slog.Logger) Middleware {
	return func(next lambda.Handler) lambda.Handler {
		return HandlerFunc(func(ctx context.Context, payload []byte) (out []byte, err error) {
			defer func() {
				if p := recover(); p != nil {
					perr := &PanicError{Value: p, Stack: debug.Stack()}
					logger.LogAttrs(ctx, slog.LevelError, "panic",
						slog.String("error", perr.Error()),
						slog.String("stack", string(perr.Stack)))
					out, err = nil, perr
				}
			}()
			return next.Invoke(ctx, payload)
		})
	}
}
