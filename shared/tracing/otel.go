//go:build !notracing && !xraysdk

package tracing

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// flushTimeout bounds the export at the end of an invocation.
const flushTimeout = 2 * time.Second

// backend is what a build's exporter provides: a tracer, and what to do
// when the outermost span of an invocation has ended.
type backend struct {
	tracer trace.Tracer
	// flush sends what the tracer holds; nil when it holds nothing.
	flush func(context.Context)
}

var (
	configureOnce sync.Once
	configureErr  error
	active        backend
)

// Configure sets the backend up once per process from the environment
// (see the build's backend file) and reports a setting it cannot use; the
// backend then falls back to sending nothing it cannot deliver. Every
// other function calls it, so calling it is needed only to see its error;
// later calls return the first call's result.
func Configure() error {
	configureOnce.Do(func() {
		active, configureErr = newBackend()
		if configureErr != nil {
			configureErr = fmt.Errorf("tracing: %w", configureErr)
		}
	})
	return configureErr
}

// ensureConfigured configures the backend; its error is Configure's to report.
func ensureConfigured() { _ = Configure() }

// logTarget is the logger the backend's warnings go to; nil means slog.Default().
var logTarget atomic.Pointer[slog.Logger]

// SetLogger sends the backend's log lines, all at WARN, to l; nil
// restores slog.Default().
func SetLogger(l *slog.Logger) { logTarget.Store(l) }

func logWarn(msg string) {
	target := logTarget.Load()
	if target == nil {
		target = slog.Default()
	}
	target.Warn(msg, slog.String("component", "tracing"))
}

// recorderKey is the context key of the tracer a Recorder routes a
// context's spans to.
type recorderKey struct{}

// tracerFor returns the tracer for a new span in ctx: the one of the span
// in ctx when it is an X-Ray span, a Recorder's when ctx was started by
// one, else the backend's.
func tracerFor(ctx context.Context) trace.Tracer {
	if s, ok := trace.SpanFromContext(ctx).(*span); ok {
		return s.tracer
	}
	if t, ok := ctx.Value(recorderKey{}).(*xrayTracer); ok {
		return t
	}
	ensureConfigured()
	return active.tracer
}

// traced reports whether ctx carries a span context or a Lambda trace header.
func traced(ctx context.Context) bool {
	return trace.SpanContextFromContext(ctx).IsValid() || lambdaHeader(ctx) != ""
}

// withParent returns ctx with the invocation's trace header as the remote
// parent when ctx carries no span context yet.
func withParent(ctx context.Context) context.Context {
	if trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	if sc, ok := parseHeader(lambdaHeader(ctx)); ok {
		return trace.ContextWithRemoteSpanContext(ctx, sc)
	}
	return ctx
}

// invocationKey marks a context inside the outermost Capture or Continue
// of an invocation, which flushes the backend when it ends.
type invocationKey struct{}

// enter marks ctx and reports whether it is the outermost.
func enter(ctx context.Context) (context.Context, bool) {
	if ctx.Value(invocationKey{}) != nil {
		return ctx, false
	}
	return context.WithValue(ctx, invocationKey{}, true), true
}

// flush sends what the backend holds, before Lambda freezes the process.
func flush(ctx context.Context) {
	ensureConfigured()
	if active.flush == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()
	active.flush(ctx)
}

// Capture runs fn in a subsegment (span) named name, which records fn's
// error or panic, when ctx is traced; otherwise it just runs fn.
func Capture(ctx context.Context, name string, fn func(context.Context) error) error {
	if !traced(ctx) {
		return fn(ctx)
	}
	ctx = withParent(ctx)
	return run(ctx, tracerFor(ctx), name, trace.SpanKindInternal, nil, fn)
}

// run runs fn in a span started by t and ends it with fn's outcome.
func run(ctx context.Context, t trace.Tracer, name string, kind trace.SpanKind, annotations []attribute.KeyValue, fn func(context.Context) error) (err error) {
	ctx, outermost := enter(ctx)
	ctx, s := startSpan(ctx, t, segmentName(name), kind)
	for _, kv := range annotations {
		annotateSpan(s, kv)
	}
	defer func() {
		if p := recover(); p != nil {
			finish(s, fmt.Errorf("panic: %v", p))
			if outermost {
				flush(ctx)
			}
			panic(p)
		}
		finish(s, err)
		if outermost {
			flush(ctx)
		}
	}()
	return fn(ctx)
}

// startSpan starts a span of the given kind; an X-Ray tracer takes a
// shorter path than the OpenTelemetry API's options allow.
func startSpan(ctx context.Context, t trace.Tracer, name string, kind trace.SpanKind) (context.Context, trace.Span) {
	if x, ok := t.(*xrayTracer); ok {
		return x.start(ctx, name, kind, time.Time{}, nil, false)
	}
	return t.Start(ctx, name, trace.WithSpanKind(kind))
}

// setAttributes sets kv on s without making the caller's arguments escape
// when s is an X-Ray span.
func setAttributes(s trace.Span, kv ...attribute.KeyValue) {
	if x, ok := s.(*span); ok {
		x.SetAttributes(kv...)
		return
	}
	s.SetAttributes(append([]attribute.KeyValue(nil), kv...)...)
}

// finish records err, if any, and ends s.
func finish(s trace.Span, err error) {
	if err != nil {
		s.RecordError(err)
		s.SetStatus(codes.Error, err.Error())
	}
	s.End()
}

// Continue runs fn in a new segment named name that continues the trace of
// upstream, the trace header a producer passed on (SQS's AWSTraceHeader,
// or the header carried next to an event), so that the consumer's work
// shows in the producer's trace. The segment records fn's error or panic
// and carries the annotations of ctx's span (service, function...).
// Inside fn, Header, TraceID, Annotate and the AWS and HTTP
// instrumentation follow the upstream trace.
//
// When upstream is not a sampled header, or names the trace ctx already
// belongs to, Continue is Capture: a subsegment of ctx's trace.
func Continue(ctx context.Context, upstream, name string, fn func(context.Context) error) error {
	sc, ok := parseHeader(upstream)
	if !ok || !sc.IsSampled() {
		return Capture(ctx, name, fn)
	}
	ctx = withParent(ctx)
	if cur := trace.SpanContextFromContext(ctx); cur.TraceID() == sc.TraceID() {
		return Capture(ctx, name, fn)
	}
	t := tracerFor(ctx)
	inherited := annotationsOf(trace.SpanFromContext(ctx))
	return run(trace.ContextWithRemoteSpanContext(ctx, sc), t, name, trace.SpanKindConsumer, inherited, fn)
}

// annotationsOf returns the annotations of s: those an X-Ray span holds,
// or the attributes of another recording span (Annotate's, in a Capture).
func annotationsOf(s trace.Span) []attribute.KeyValue {
	switch s := s.(type) {
	case *span:
		return s.annotationList()
	case interface{ Attributes() []attribute.KeyValue }:
		return s.Attributes()
	}
	return nil
}

// Annotate adds an annotation, which X-Ray indexes for search, to the
// span in ctx; without one it does nothing. Characters other than ASCII
// letters, digits and underscores in key become underscores. value is
// kept if it is a string, bool or number and formatted as a string
// otherwise. Over OTLP an annotation is a span attribute.
func Annotate(ctx context.Context, key string, value any) {
	s := trace.SpanFromContext(ctx)
	if !s.IsRecording() {
		return
	}
	annotateSpan(s, annotationAttribute(annotationKey(key), value))
}

func annotateSpan(s trace.Span, kv attribute.KeyValue) {
	if x, ok := s.(*span); ok {
		x.annotate(kv)
		return
	}
	s.SetAttributes(kv)
}

// annotationAttribute converts value to an attribute of a type X-Ray
// annotations accept: string, bool or number.
func annotationAttribute(key string, value any) attribute.KeyValue {
	k := attribute.Key(key)
	switch v := value.(type) {
	case string:
		return k.String(v)
	case bool:
		return k.Bool(v)
	case int:
		return k.Int(v)
	case int8:
		return k.Int64(int64(v))
	case int16:
		return k.Int64(int64(v))
	case int32:
		return k.Int64(int64(v))
	case int64:
		return k.Int64(v)
	case uint:
		return k.Float64(float64(v))
	case uint8:
		return k.Int64(int64(v))
	case uint16:
		return k.Int64(int64(v))
	case uint32:
		return k.Int64(int64(v))
	case uint64:
		return k.Float64(float64(v))
	case float32:
		return k.Float64(float64(v))
	case float64:
		return k.Float64(v)
	case fmt.Stringer:
		return k.String(v.String())
	default:
		return k.String(fmt.Sprint(v))
	}
}

// TraceID returns the X-Ray trace id of ctx: that of its span, or of the
// Lambda trace header in ctx or in _X_AMZN_TRACE_ID; "" when there is none.
func TraceID(ctx context.Context) string {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		return xrayTraceID(sc.TraceID())
	}
	return headerField(incomingHeader(ctx), "Root")
}

// Header returns the trace header to pass on to the next hop (an HTTP
// call, an EventBridge TraceHeader, an SQS AWSTraceHeader), with the
// current span as parent; "" when ctx is not traced.
func Header(ctx context.Context) string {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		return formatHeader(sc)
	}
	return incomingHeader(ctx)
}
