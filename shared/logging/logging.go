package logging

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/conveyor-dev/conveyor/shared/correlation"
)

// The keys of the fields a logger made by New adds from the context.
const (
	KeyFunction      = "function"
	KeyRequestID     = "request_id"
	KeyTraceID       = "trace_id"
	KeyCorrelationID = "correlation_id"
	KeyColdStart     = "cold_start"
)

// lambdaTraceHeaderKey is the context key under which aws-lambda-go puts the
// X-Ray trace header of the invocation.
const lambdaTraceHeaderKey = "x-amzn-trace-id"

// traceHeaderEnv is the environment variable aws-lambda-go sets to the trace
// header of the current invocation.
const traceHeaderEnv = "_X_AMZN_TRACE_ID"

// New returns a logger writing JSON lines to w at level and above, whose
// records are enriched from the context passed to the *Context log calls
// (see the package documentation).
func New(w io.Writer, level slog.Leveler) *slog.Logger {
	if level == nil {
		level = slog.LevelInfo
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level:       level,
		ReplaceAttr: replaceAttr,
	})
	return slog.New(contextHandler{next: h})
}

// replaceAttr writes the record time as RFC 3339 with nanoseconds, in UTC.
func replaceAttr(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey && a.Value.Kind() == slog.KindTime {
		return slog.String(slog.TimeKey, a.Value.Time().UTC().Format(time.RFC3339Nano))
	}
	return a
}

// contextHandler adds the fields of the context to each record before
// handing it on.
type contextHandler struct {
	next slog.Handler
}

func (h contextHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if ctx == nil {
		ctx = context.Background()
	}
	r.AddAttrs(contextAttrs(ctx)...)
	return h.next.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return contextHandler{next: h.next.WithAttrs(attrs)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{next: h.next.WithGroup(name)}
}

// contextAttrs returns the non-empty fields ctx holds.
func contextAttrs(ctx context.Context) []slog.Attr {
	attrs := make([]slog.Attr, 0, 8)
	add := func(key, value string) {
		if value != "" {
			attrs = append(attrs, slog.String(key, value))
		}
	}
	add(KeyFunction, lambdacontext.FunctionName)
	if lc, ok := lambdacontext.FromContext(ctx); ok && lc != nil {
		add(KeyRequestID, lc.AwsRequestID)
	}
	add(KeyTraceID, TraceID(ctx))
	add(KeyCorrelationID, correlation.From(ctx))
	if cold, ok := ColdStart(ctx); ok {
		attrs = append(attrs, slog.Bool(KeyColdStart, cold))
	}
	return append(attrs, attrsFrom(ctx)...)
}

// TraceID returns the X-Ray trace id of the invocation: the Root part of
// the trace header aws-lambda-go puts in the context, or of the
// _X_AMZN_TRACE_ID environment variable when the context has none. It
// returns "" when neither holds one.
func TraceID(ctx context.Context) string {
	header, _ := ctx.Value(lambdaTraceHeaderKey).(string)
	if header == "" {
		header = os.Getenv(traceHeaderEnv)
	}
	return rootOf(header)
}

// rootOf returns the Root field of an X-Ray trace header such as
// "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1".
func rootOf(header string) string {
	for field := range strings.SplitSeq(header, ";") {
		key, value, ok := strings.Cut(strings.TrimSpace(field), "=")
		if ok && strings.EqualFold(key, "Root") {
			return value
		}
	}
	return ""
}
