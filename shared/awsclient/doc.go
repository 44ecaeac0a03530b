// Package awsclient builds AWS SDK v2 configuration and clients the same
// way for every function.
//
// Load reads the standard SDK sources (environment, shared files, the
// Lambda role), retries with bounded attempts and backoff, and traces every
// call (package tracing). The endpoint comes from AWS_ENDPOINT_URL when it
// is set, which points the clients at an emulator (kumo, LocalStack)
// instead of AWS; the client constructors apply the tweaks an emulator
// needs only then.
package awsclient
