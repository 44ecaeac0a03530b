//go:build !notracing && !xraysdk

package tracing

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
)

// xrayTracer is an OpenTelemetry tracer (and its provider) that records
// spans as X-Ray segment documents and hands them to an emitter: the
// X-Ray daemon's UDP socket on Lambda, a Recorder in tests.
//
// Sampling is decided upstream, as on Lambda: a span is recorded when its
// parent is sampled (the function segment named in _X_AMZN_TRACE_ID, or
// the producer's header given to Continue), and is a non-recording span
// carrying its parent's context otherwise.
//
// A span that ends while its parent is open is kept in the parent, and a
// local root (a span whose parent is remote) sends itself with all its
// descendants when it ends, as one document or, beyond the daemon's
// datagram size, as several. A span that ends after its parent was sent
// is sent on its own. So everything recorded in an invocation is sent
// when its outermost span ends, before the handler returns, and nothing
// is buffered across invocations.
type xrayTracer struct {
	embedded.Tracer
	emitter *emitter
	// workDir is the cause's working_directory.
	workDir string
}

func newXRayTracer(e *emitter) *xrayTracer {
	return &xrayTracer{emitter: e, workDir: workingDirectory()}
}

// xrayProvider is the provider of an xrayTracer: every scope shares one
// exporter.
type xrayProvider struct {
	embedded.TracerProvider
	t *xrayTracer
}

// Tracer returns the provider's tracer, whatever the scope.
func (p xrayProvider) Tracer(string, ...trace.TracerOption) trace.Tracer { return p.t }

// Start starts a span as the child of the span in ctx, or of the remote
// span context in ctx.
func (t *xrayTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	cfg := trace.NewSpanStartConfig(opts...)
	return t.start(ctx, name, cfg.SpanKind(), cfg.Timestamp(), cfg.Attributes(), cfg.NewRoot())
}

func (t *xrayTracer) start(ctx context.Context, name string, kind trace.SpanKind, start time.Time, attrs []attribute.KeyValue, newRoot bool) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	psc := parent.SpanContext()
	if newRoot {
		psc = trace.SpanContext{}
	}
	if psc.IsValid() && !psc.IsSampled() {
		// Not sampled: nothing is recorded, the parent's context travels on.
		return trace.ContextWithSpan(ctx, nonRecording{sc: psc}), nonRecording{sc: psc}
	}
	s := &span{tracer: t, name: name, kind: kind, start: start}
	if s.start.IsZero() {
		s.start = time.Now()
	}
	tid := psc.TraceID()
	if !psc.IsValid() {
		tid = newTraceID()
	} else {
		s.parentID = psc.SpanID()
		if local, ok := parent.(*span); ok && !newRoot {
			s.parent = local
		}
	}
	s.sc = trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: newSpanID(), TraceFlags: trace.FlagsSampled})
	s.attrs = s.inline[:0]
	s.attrs = append(s.attrs, attrs...)
	return trace.ContextWithSpan(ctx, s), s
}

// span is one recorded segment or subsegment.
type span struct {
	embedded.Span
	tracer *xrayTracer
	sc     trace.SpanContext
	// parentID is the parent's span id, zero for a new trace.
	parentID trace.SpanID
	// parent is the parent when it is a span of this process, nil for a
	// local root.
	parent *span
	kind   trace.SpanKind
	start  time.Time

	mu          sync.Mutex
	name        string
	end         time.Time
	ended       bool
	failed      bool // the status is Error
	attrs       []attribute.KeyValue
	annotations []attribute.KeyValue
	exceptions  []exception
	children    []*span
	inline      [10]attribute.KeyValue
}

// exception is one error the span recorded.
type exception struct {
	typ, message string
}

// segment reports whether s is sent as a segment rather than as a
// subsegment: a span that starts a trace, or that continues a remote
// producer's trace as a server or consumer (see Continue). Every other
// local root is a subsegment of a remote parent, e.g. of the Lambda
// function segment.
func (s *span) segment() bool {
	if s.parent != nil {
		return false
	}
	return !s.parentID.IsValid() || s.kind == trace.SpanKindConsumer || s.kind == trace.SpanKindServer
}

// End records the end time and sends s, or leaves it in its open parent.
func (s *span) End(opts ...trace.SpanEndOption) {
	end := time.Now()
	if len(opts) > 0 {
		if cfg := trace.NewSpanEndConfig(opts...); !cfg.Timestamp().IsZero() {
			end = cfg.Timestamp()
		}
	}
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	s.ended, s.end = true, end
	s.mu.Unlock()
	if p := s.parent; p != nil {
		p.mu.Lock()
		if !p.ended {
			p.children = append(p.children, s)
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
	s.tracer.emitter.send(s)
}

// AddEvent ignores events: X-Ray documents have no place for them.
func (s *span) AddEvent(string, ...trace.EventOption) {}

// AddLink ignores links: X-Ray documents have no place for them.
func (s *span) AddLink(trace.Link) {}

// IsRecording reports whether s has not ended.
func (s *span) IsRecording() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.ended
}

// RecordError adds err to the span's cause.
func (s *span) RecordError(err error, _ ...trace.EventOption) {
	if err == nil {
		return
	}
	e := exception{typ: strings.ReplaceAll(fmt.Sprintf("%T", err), "*", ""), message: err.Error()}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ended {
		s.exceptions = append(s.exceptions, e)
	}
}

// SpanContext returns the span's context.
func (s *span) SpanContext() trace.SpanContext { return s.sc }

// SetStatus marks the span failed for codes.Error.
func (s *span) SetStatus(code codes.Code, _ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ended && code == codes.Error {
		s.failed = true
	}
}

// SetName renames the span.
func (s *span) SetName(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ended {
		s.name = name
	}
}

// SetAttributes adds kv; the document takes the last value of a key.
func (s *span) SetAttributes(kv ...attribute.KeyValue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ended {
		s.attrs = append(s.attrs, kv...)
	}
}

// annotate adds an annotation, which X-Ray indexes for search.
func (s *span) annotate(kv attribute.KeyValue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	for i := range s.annotations {
		if s.annotations[i].Key == kv.Key {
			s.annotations[i] = kv
			return
		}
	}
	s.annotations = append(s.annotations, kv)
}

// annotationList returns a copy of the span's annotations.
func (s *span) annotationList() []attribute.KeyValue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]attribute.KeyValue(nil), s.annotations...)
}

// TracerProvider returns the span's tracer.
func (s *span) TracerProvider() trace.TracerProvider { return xrayProvider{t: s.tracer} }

// nonRecording is the span of an unsampled trace: it records nothing and
// passes its context on.
type nonRecording struct {
	embedded.Span
	sc trace.SpanContext
}

func (nonRecording) End(...trace.SpanEndOption)              {}
func (nonRecording) AddEvent(string, ...trace.EventOption)   {}
func (nonRecording) AddLink(trace.Link)                      {}
func (nonRecording) IsRecording() bool                       { return false }
func (nonRecording) RecordError(error, ...trace.EventOption) {}
func (n nonRecording) SpanContext() trace.SpanContext        { return n.sc }
func (nonRecording) SetStatus(codes.Code, string)            {}
func (nonRecording) SetName(string)                          {}
func (nonRecording) SetAttributes(...attribute.KeyValue)     {}
func (nonRecording) TracerProvider() trace.TracerProvider    { return noProvider{} }

// noProvider is the provider of non-recording spans: its tracer passes
// the parent's context on.
type noProvider struct {
	embedded.TracerProvider
}

func (noProvider) Tracer(string, ...trace.TracerOption) trace.Tracer { return noTracer{} }

// noTracer starts non-recording spans.
type noTracer struct {
	embedded.Tracer
}

func (noTracer) Start(ctx context.Context, _ string, _ ...trace.SpanStartOption) (context.Context, trace.Span) {
	s := nonRecording{sc: trace.SpanContextFromContext(ctx)}
	return trace.ContextWithSpan(ctx, s), s
}
