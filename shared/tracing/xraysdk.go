//go:build xraysdk && !notracing

package tracing

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-xray-sdk-go/header"
	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/strategy/ctxmissing"
	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// traceHeaderEnv is the environment variable aws-lambda-go sets to the
// trace header of the current invocation.
const traceHeaderEnv = "_X_AMZN_TRACE_ID"

// contextMissingEnv selects the SDK's behaviour for an untraced context;
// Lambda sets it to LOG_ERROR.
const contextMissingEnv = "AWS_XRAY_CONTEXT_MISSING"

var (
	configureOnce sync.Once
	configureErr  error
)

// Configure sets the SDK up once per process, and reports a bad
// AWS_XRAY_DAEMON_ADDRESS. A missing trace context is ignored, whatever
// AWS_XRAY_CONTEXT_MISSING says, since this package calls the SDK only for
// traced contexts. Every other function calls it, so calling it is needed
// only to see its error; later calls return the first call's result.
func Configure() error {
	configureOnce.Do(func() {
		if err := os.Setenv(contextMissingEnv, ctxmissing.IgnoreErrorStrategy); err != nil {
			configureErr = fmt.Errorf("tracing: %w", err)
			return
		}
		if err := xray.Configure(xray.Config{ContextMissingStrategy: ctxmissing.NewDefaultIgnoreErrorStrategy()}); err != nil {
			configureErr = fmt.Errorf("tracing: %w", err)
		}
	})
	return configureErr
}

// ensureConfigured configures the SDK; its error is Configure's to report.
func ensureConfigured() { _ = Configure() }

// logTarget is the logger the SDK's warnings go to; nil means slog.Default().
var logTarget atomic.Pointer[slog.Logger]

// SetLogger sends the SDK's log lines at WARN and above to l; nil restores
// slog.Default().
func SetLogger(l *slog.Logger) { logTarget.Store(l) }

func init() {
	xray.SetLogger(sdkLogger{})
}

// sdkLogger passes the SDK's warnings and errors on to slog.
type sdkLogger struct{}

func (sdkLogger) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	var l slog.Level
	switch level {
	case xraylog.LogLevelWarn:
		l = slog.LevelWarn
	case xraylog.LogLevelError:
		l = slog.LevelError
	default:
		return
	}
	target := logTarget.Load()
	if target == nil {
		target = slog.Default()
	}
	target.Log(context.Background(), l, msg.String(), slog.String("component", "xray"))
}

// traced reports whether ctx carries a segment or a Lambda trace header.
func traced(ctx context.Context) bool {
	return xray.GetSegment(ctx) != nil || lambdaHeader(ctx) != ""
}

// lambdaHeader returns the trace header aws-lambda-go put in ctx.
func lambdaHeader(ctx context.Context) string {
	h, _ := ctx.Value(xray.LambdaTraceHeaderKey).(string)
	return h
}

// InstrumentAWS makes every AWS SDK v2 client built from cfg record a
// subsegment per call (service, operation, request id, status) in traced
// contexts and pass the trace header on.
func InstrumentAWS(cfg *aws.Config) {
	ensureConfigured()
	awsv2.AWSV2Instrumentor(&cfg.APIOptions)
}

// HTTPClient returns a copy of c (nil means http.DefaultClient) whose
// requests, when their context is traced, record a subsegment and carry
// the trace header.
func HTTPClient(c *http.Client) *http.Client {
	ensureConfigured()
	if c == nil {
		c = http.DefaultClient
	}
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out := *c
	out.Transport = roundTripper{base: base, traced: xray.RoundTripper(base)}
	return &out
}

type roundTripper struct {
	base, traced http.RoundTripper
}

func (rt roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	if traced(r.Context()) {
		return rt.traced.RoundTrip(r)
	}
	return rt.base.RoundTrip(r)
}

// Annotate adds an annotation, which X-Ray indexes for search, to the
// segment or subsegment in ctx; without one it does nothing. Characters
// other than ASCII letters, digits and underscores in key become
// underscores. value is kept if it is a string, bool or number and
// formatted as a string otherwise.
func Annotate(ctx context.Context, key string, value any) {
	seg := xray.GetSegment(ctx)
	if seg == nil {
		return
	}
	// The value is of a type AddAnnotation accepts, so it cannot fail.
	_ = seg.AddAnnotation(annotationKey(key), annotationValue(value))
}

// Capture runs fn in a subsegment named name, which records fn's error or
// panic, when ctx is traced; otherwise it just runs fn.
func Capture(ctx context.Context, name string, fn func(context.Context) error) error {
	if !traced(ctx) {
		return fn(ctx)
	}
	ensureConfigured()
	return xray.Capture(ctx, segmentName(name), fn)
}

// TraceID returns the X-Ray trace id of ctx: that of its segment, or of the
// Lambda trace header in ctx or in _X_AMZN_TRACE_ID; "" when there is none.
func TraceID(ctx context.Context) string {
	if seg := xray.GetSegment(ctx); seg != nil {
		return seg.TraceID
	}
	return header.FromString(incomingHeader(ctx)).TraceID
}

// Header returns the trace header to pass on to the next hop (an HTTP
// call, an EventBridge TraceHeader, an SQS AWSTraceHeader), with the
// current segment as parent; "" when ctx is not traced.
func Header(ctx context.Context) string {
	if seg := xray.GetSegment(ctx); seg != nil {
		return seg.DownstreamHeader().String()
	}
	return incomingHeader(ctx)
}

func incomingHeader(ctx context.Context) string {
	if h := lambdaHeader(ctx); h != "" {
		return h
	}
	return os.Getenv(traceHeaderEnv)
}

// Continue runs fn in a new segment named name that continues the trace of
// upstream, the trace header a producer passed on (SQS's AWSTraceHeader,
// or the header carried next to an event), so that the consumer's work
// shows in the producer's trace. The segment records fn's error or panic
// and carries the annotations of ctx's segment (service, function...).
// Inside fn, Header, TraceID, Annotate and the AWS and HTTP
// instrumentation follow the upstream trace.
//
// When upstream is not a sampled header, or names the trace ctx already
// belongs to, Continue is Capture: a subsegment of ctx's trace.
func Continue(ctx context.Context, upstream, name string, fn func(context.Context) error) (err error) {
	h := header.FromString(upstream)
	if h.TraceID == "" || h.ParentID == "" || h.SamplingDecision != header.Sampled || h.TraceID == TraceID(ctx) {
		return Capture(ctx, name, fn)
	}
	ensureConfigured()
	inherited := annotations(xray.GetSegment(ctx))
	// The request only lets the SDK take the sampling decision from h.
	ctx, seg := xray.NewSegmentFromHeader(ctx, segmentName(name), &http.Request{URL: &url.URL{}}, h)
	for k, v := range inherited {
		_ = seg.AddAnnotation(k, v)
	}
	defer func() {
		if p := recover(); p != nil {
			seg.Close(fmt.Errorf("panic: %v", p))
			panic(p)
		}
		seg.Close(err)
	}()
	return fn(ctx)
}

// annotations copies the annotations of seg.
func annotations(seg *xray.Segment) map[string]any {
	if seg == nil {
		return nil
	}
	seg.Lock()
	defer seg.Unlock()
	return maps.Clone(seg.Annotations)
}

// annotationValue converts value to a type X-Ray accepts.
func annotationValue(value any) any {
	switch v := value.(type) {
	case string, bool, int, uint, float32, float64:
		return v
	case int8:
		return int(v)
	case int16:
		return int(v)
	case int32:
		return int(v)
	case int64:
		return float64(v)
	case uint8:
		return uint(v)
	case uint16:
		return uint(v)
	case uint32:
		return uint(v)
	case uint64:
		return float64(v)
	case fmt.Stringer:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}
