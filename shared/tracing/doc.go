// Package tracing records traces: a span (X-Ray: a subsegment) per unit
// of work, per AWS SDK call and per outbound HTTP call, with annotations
// to search by, and passes the X-Ray trace header from hop to hop.
//
// Services call this package only. Its surface is free of any tracing
// library's types, and a build tag picks the backend behind it:
//
//   - default: the OpenTelemetry API (go.opentelemetry.io/otel/trace) with
//     an exporter of this package's own that writes X-Ray segment
//     documents and sends them over UDP to the X-Ray daemon that Lambda
//     runs beside a traced function (AWS_XRAY_DAEMON_ADDRESS), in its wire
//     format: `{"format": "json", "version": 1}` and a newline, then the
//     document. It links no protobuf, no gRPC and no OpenTelemetry SDK.
//   - otlp: the OpenTelemetry SDK and its OTLP/HTTP exporter, for Jaeger,
//     Zipkin through a collector, or any OTLP backend, configured by the
//     standard OTEL_* variables (see newBackend in backend_otlp.go).
//   - xraysdk: aws-xray-sdk-go, for teams that want the SDK they know.
//   - notracing: the same API, recording nothing and linking no tracing
//     library; the zero point `make tracing-cost` measures the others
//     against.
//
// Tracing is a safe no-op outside a trace. A context is traced when it
// carries a span, or the trace header Lambda hands each invocation
// (aws-lambda-go puts it in the context). Without one, as in tests and
// plain local runs, every function here calls straight through: no error,
// no log line, no wait for a daemon.
//
// In Lambda, spans hang under the function segment that Lambda records
// and names in the header (Root, Parent); an invocation whose header says
// Sampled=0 records nothing but passes the header on. Everything an
// invocation records is sent when its outermost span ends, before the
// handler returns and Lambda freezes the process.
//
// The backend's own log lines go to slog at WARN and above (see SetLogger).
package tracing
