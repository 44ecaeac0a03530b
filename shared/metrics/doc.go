// Package metrics writes CloudWatch metrics in the Embedded Metric Format
// (EMF): JSON log lines that CloudWatch Logs turns into metrics, so that a
// function records metrics without calling any API on its hot path.
//
// An Emitter names the namespace, the writer (stdout in Lambda) and the
// dimensions shared by everything a function records. Each invocation
// begins a Batch, adds metrics, dimensions and properties to it from
// anywhere through its context (NewContext, FromContext), and flushes it
// once at the end: one JSON line, one EMF record.
//
// EMF's limits are kept: at most 100 metrics per directive (more are split
// over several directives of the same record), at most 100 values per
// metric (the 101st value flushes the batch first), at most 30 dimensions.
// Tests check the records an invocation wrote against the specification
// with metricstest.ValidateEMF.
package metrics
