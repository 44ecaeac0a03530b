// Package ports adapts the outside world to the catalog's use cases: the
// HTTP API (request → command or query, error → problem), served to API
// Gateway through shared/httpapi.
package ports
