// Package metricstest checks what package metrics writes, for tests.
//
// ValidateEMF checks one line against the Embedded Metric Format
// specification; the tests of metrics, of the middleware and of every
// function use it to check the records an invocation wrote.
package metricstest
