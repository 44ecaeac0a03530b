// Package ports turns HTTP requests and the OrderConfirmed and
// OrderCancelled events into shipping use cases.
package ports
