// Package ports turns the outside world's inputs into orders use cases:
// HTTP requests (HTTPServer), the table's stream of commits (Projector)
// and other services' events (RegisterEventHandlers).
package ports
