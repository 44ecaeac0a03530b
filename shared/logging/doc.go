// Package logging writes log/slog records as JSON lines, one per record,
// enriched from the context of each call.
//
// A logger made by New adds these fields to every record logged with a
// context (InfoContext, ErrorContext, LogAttrs...), and leaves out the ones
// that are empty:
//
//	function        the Lambda function name
//	request_id      the Lambda request id of the invocation
//	trace_id        the X-Ray trace id (the Root of the trace header)
//	correlation_id  the id of the business flow (package correlation)
//	cold_start      whether this is the first invocation of the process
//	...             every attribute added to the context with WithAttrs
//
// Keys are snake_case, time is RFC 3339 with nanoseconds in UTC, and the
// level is one of DEBUG, INFO, WARN and ERROR.
//
// Secrets are never logged. A value that must not reach the logs (a token,
// a password, a card number, a signing key) is wrapped in Secret before it
// goes near a logger: it then prints as "[REDACTED]" in logs, in fmt and in
// JSON. Request and event bodies are not logged whole: log the ids and the
// fields an operator needs, never personal data.
package logging
