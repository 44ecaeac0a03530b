// Package localcloud starts the whole platform on one machine, with no
// Docker and no AWS account: the emulator (kumo), the resources the
// service declarations ask for, every function as real processes behind
// the Lambda Runtime API, the event source mappings and the HTTP gateway.
//
// `conveyor local up` (make run) and the end-to-end tests both use Start.
// Start needs the emulator's port in KUMO_PORT before the program starts:
// call emulator.Reexec first (see package emulator).
//
// Local physical names follow provision.Names: with the default prefix the
// catalog's table is "conveyor-local-catalog" and the event bus
// "conveyor-local". Functions receive them as TABLE_NAME and
// EVENT_BUS_NAME, with CONVEYOR_SERVICE, CONVEYOR_STAGE=local, LOG_LEVEL,
// and AWS_ENDPOINT_URL, AWS_REGION and local credentials for the emulator.
//
// Traces are recorded as X-Ray records them on AWS. A relay plays the
// X-Ray daemon (AWS_XRAY_DAEMON_ADDRESS) and puts the functions' segments
// to the emulator's X-Ray API. Every invocation gets a trace header and is
// recorded as a segment named after the function, below the API stage's
// segment when the gateway invoked it. The emulator drops the trace header
// that PutEvents receives, so the local cloud keeps it by event id and
// gives it back to the SQS records the event becomes, as AWSTraceHeader:
// a consumer continues its producer's trace. The functions' log lines are
// kept too (FunctionLogs), as log groups keep them.
package localcloud
