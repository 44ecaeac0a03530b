//go:build !notracing && !xraysdk

package tracing

import (
	"context"
	"net"

	"go.opentelemetry.io/otel/trace"
)

// recorderRoute sends the spans of the contexts a Recorder starts to the
// recorder, through the X-Ray exporter, whatever the build's backend.
type recorderRoute struct {
	tracer *xrayTracer
}

func newRecorderRoute(addr *net.UDPAddr) (*recorderRoute, error) {
	e, err := dialDaemon(addr.String())
	if err != nil {
		return nil, err
	}
	return &recorderRoute{tracer: newXRayTracer(e)}, nil
}

func (r *recorderRoute) start(ctx context.Context) (context.Context, error) {
	h := formatHeader(trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: newTraceID(), SpanID: newSpanID(), TraceFlags: trace.FlagsSampled,
	}))
	ctx = context.WithValue(ctx, recorderKey{}, r.tracer)
	//lint:ignore SA1029 aws-lambda-go puts the invocation's trace header under this plain string key.
	return context.WithValue(ctx, lambdaTraceHeaderKey, h), nil
}

func (r *recorderRoute) close() error { return r.tracer.emitter.close() }
