// Package middleware wraps Lambda handlers with the work every function
// needs: recovering from panics, logging, metrics and tracing.
//
// A handler here is aws-lambda-go's lambda.Handler, Invoke(ctx, payload),
// the form every function takes in the end, whatever its event type. A
// Middleware wraps one handler in another, and Chain applies several,
// the first listed outermost.
//
// Every function's main ends with Start, which applies Standard:
//
//	Recover → Logging → Metrics → Tracing → Recover → handler
//
// The inner Recover turns a panic of the handler into an error, so that
// the invocation is still logged, counted in HandlerErrors and recorded
// in the trace like any other failure. The outer Recover keeps the process
// alive should a middleware itself panic.
//
// Each invocation then writes one "invocation" log line (with request id,
// cold start, trace id, correlation id and duration) and exactly one EMF
// record (ColdStart and HandlerErrors, plus whatever the handler added to
// metrics.FromContext).
package middleware
