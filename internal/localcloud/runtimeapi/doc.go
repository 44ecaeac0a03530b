// Package runtimeapi runs function binaries as local processes behind our
// own implementation of the AWS Lambda Runtime API (2018-06-01): next
// invocation, response, error and init error.
//
// A Server listens on one loopback port; each process it starts gets its own
// path prefix in AWS_LAMBDA_RUNTIME_API, so the server knows which process
// is asking. Every invocation carries a request ID, a deadline taken from
// the function's timeout, the function's ARN and an X-Ray trace header.
//
// Like Lambda, a Function scales out: when every process is busy another
// one starts, up to the function's concurrency. A process that exits while
// it serves an invocation fails that invocation with Runtime.ExitError and
// is replaced on demand; a process that overruns the timeout is killed and
// its invocation fails with Sandbox.Timedout.
package runtimeapi
