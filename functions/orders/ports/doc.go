// Package ports turns the outside world's inputs into orders use cases:
// HTTP requests (HTTPServer), the table's stream of commits (Projector)
// and events (RegisterEventHandlers): other services', orders' own
// OrderPlaced, and the delayed checks of the saga deadline.
package ports
