// Package ports turns HTTP requests and OrderConfirmed events into
// shipping use cases.
package ports
