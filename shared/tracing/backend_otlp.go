//go:build otlp && !notracing && !xraysdk

package tracing

import (
	"context"
	"fmt"
	"os"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// scope is the instrumentation scope of every span the package starts.
const scope = "github.com/conveyor-dev/conveyor/shared/tracing"

// newBackend reads the standard OpenTelemetry variables:
//
//   - OTEL_TRACES_EXPORTER: "otlp" (the default) sends spans with the
//     OpenTelemetry SDK to an OTLP endpoint over HTTP (protobuf): a
//     collector, Jaeger, or any OTLP backend; "xray" sends X-Ray segment
//     documents to the daemon, as the default build does; "none" records
//     nothing but still passes trace headers on.
//   - OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
//     OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT...: read by
//     the exporter itself. OTEL_EXPORTER_OTLP_PROTOCOL must be
//     http/protobuf, the only protocol built in (gRPC would link gRPC).
//   - OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; the service name is
//     the function's name when OTEL_SERVICE_NAME is unset.
//
// Trace and span ids keep X-Ray's format and the parent comes from the
// X-Ray trace header, so a trace stays one trace across Lambda, SQS and
// EventBridge, and a collector can forward it to X-Ray. The spans of an
// invocation are exported when its outermost span ends, before Lambda
// freezes the process.
func newBackend() (backend, error) {
	switch exp := os.Getenv("OTEL_TRACES_EXPORTER"); exp {
	case "", "otlp":
		return otlpBackend()
	case "xray":
		e, err := dialDaemon(os.Getenv("AWS_XRAY_DAEMON_ADDRESS"))
		return backend{tracer: newXRayTracer(e)}, err
	case "none":
		return backend{tracer: noTracer{}}, nil
	default:
		return backend{tracer: noTracer{}}, fmt.Errorf("OTEL_TRACES_EXPORTER=%s: this build exports otlp, xray or none", exp)
	}
}

func otlpBackend() (backend, error) {
	if p := protocol(); p != "" && p != "http/protobuf" {
		return backend{tracer: noTracer{}}, fmt.Errorf("OTLP protocol %s: this build sends http/protobuf only", p)
	}
	exporter, err := otlptracehttp.New(context.Background())
	if err != nil {
		return backend{tracer: noTracer{}}, err
	}
	res := resource.Default()
	if os.Getenv("OTEL_SERVICE_NAME") == "" {
		if fn := os.Getenv("AWS_LAMBDA_FUNCTION_NAME"); fn != "" {
			merged, err := resource.Merge(res, resource.NewSchemaless(
				attribute.String("service.name", fn), attribute.String("faas.name", fn), attribute.String("cloud.provider", "aws")))
			if err == nil {
				res = merged
			}
		}
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(res),
		sdktrace.WithIDGenerator(xrayIDs{}),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.AlwaysSample())),
	)
	return backend{
		tracer: tp.Tracer(scope),
		flush: func(ctx context.Context) {
			if err := tp.ForceFlush(ctx); err != nil {
				logWarn("tracing: export spans: " + err.Error())
			}
		},
	}, nil
}

// protocol returns the OTLP protocol the environment asks for traces.
func protocol() string {
	if p := os.Getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"); p != "" {
		return p
	}
	return os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
}

// xrayIDs makes the SDK's ids in X-Ray's format (a trace id starts with
// the time), which X-Ray requires of the traces a collector forwards.
type xrayIDs struct{}

func (xrayIDs) NewIDs(context.Context) (trace.TraceID, trace.SpanID) {
	return newTraceID(), newSpanID()
}

func (xrayIDs) NewSpanID(context.Context, trace.TraceID) trace.SpanID { return newSpanID() }
