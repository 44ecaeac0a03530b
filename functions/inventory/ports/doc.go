// Package ports holds the inventory's ports: the HTTP API (request to use
// case, error to status) and the handlers of the order events the
// inventory consumes.
package ports
