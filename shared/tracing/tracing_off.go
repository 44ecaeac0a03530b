//go:build notracing

package tracing

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// This file replaces the X-Ray backend when the module is built with the
// notracing tag: the same functions, recording nothing and linking no
// tracing SDK. It exists to measure what tracing costs a function (binary
// size, init time) and shows that the backend can change behind this
// package without touching the services.

// lambdaTraceHeaderKey is the context key under which aws-lambda-go puts
// the invocation's trace header.
const lambdaTraceHeaderKey = "x-amzn-trace-id"

// Configure does nothing without a tracing backend.
func Configure() error { return nil }

// SetLogger does nothing without a tracing backend.
func SetLogger(*slog.Logger) {}

// InstrumentAWS leaves cfg as it is without a tracing backend.
func InstrumentAWS(*aws.Config) {}

// HTTPClient returns c (nil means http.DefaultClient) without a tracing
// backend.
func HTTPClient(c *http.Client) *http.Client {
	if c == nil {
		return http.DefaultClient
	}
	return c
}

// Annotate does nothing without a tracing backend.
func Annotate(context.Context, string, any) {}

// Capture runs fn without a tracing backend.
func Capture(ctx context.Context, _ string, fn func(context.Context) error) error { return fn(ctx) }

// Continue runs fn without a tracing backend.
func Continue(ctx context.Context, _, _ string, fn func(context.Context) error) error { return fn(ctx) }

// TraceID returns the Root of the invocation's trace header, which Lambda
// passes whether or not the function records anything.
func TraceID(ctx context.Context) string {
	for part := range strings.SplitSeq(Header(ctx), ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "Root="); ok {
			return v
		}
	}
	return ""
}

// Header returns the invocation's trace header, passed on unchanged.
func Header(ctx context.Context) string {
	if h, _ := ctx.Value(lambdaTraceHeaderKey).(string); h != "" {
		return h
	}
	return os.Getenv("_X_AMZN_TRACE_ID")
}
