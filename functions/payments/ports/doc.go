// Package ports turns the outside world's calls into payments use cases:
// the HTTP routes (request in, problem or JSON out) and the saga's SQS
// batches (platform events and the saga's own delayed retries).
package ports
