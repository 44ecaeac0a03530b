// Package tracing records X-Ray traces: a subsegment per unit of work, per
// AWS SDK call and per outbound HTTP call, with annotations to search by.
//
// It is the only package of the module that imports the X-Ray SDK
// (aws-xray-sdk-go). Its surface is kept small and free of X-Ray types, so
// that moving to OpenTelemetry means changing this package alone.
//
// Tracing is a safe no-op outside a trace. A context is traced when it
// carries a segment, or the trace header Lambda hands each invocation
// (aws-lambda-go puts it in the context). Without one, as in tests and
// plain local runs, every function here calls straight through: no error,
// no log line, no wait for a daemon. In Lambda, the subsegments of a
// sampled invocation go to the X-Ray daemon over UDP.
//
// The SDK's own log lines go to slog at WARN and above (see SetLogger);
// its debug and info chatter is dropped.
//
// Built with the notracing tag, the package keeps its API but records
// nothing and links no tracing SDK: `make tracing-cost` builds every
// function both ways to measure what tracing costs it (the README's
// Performance section). Tests run without the tag.
package tracing
