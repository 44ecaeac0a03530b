package app

import "context"

// RetryMessageAttribute is the message attribute that marks a parked
// authorisation's retry; its value is RetryMessageKind. Retries share the
// saga's queue with the platform events and are told apart by it.
const (
	RetryMessageAttribute = "conveyor-message"
	RetryMessageKind      = "payments.authorization-retry"
)

// RetryMessage is the body of a retry message.
type RetryMessage struct {
	OrderID       string `json:"orderId"`
	Attempt       int    `json:"attempt"`
	CorrelationID string `json:"correlationId,omitempty"`
}

type retryQueueKey struct{}

// WithRetryQueue returns a copy of ctx naming the queue (by ARN) the
// current message came from: retries scheduled with it go to that queue.
func WithRetryQueue(ctx context.Context, arn string) context.Context {
	return context.WithValue(ctx, retryQueueKey{}, arn)
}

// RetryQueue returns the queue ARN WithRetryQueue recorded in ctx.
func RetryQueue(ctx context.Context) string {
	arn, _ := ctx.Value(retryQueueKey{}).(string)
	return arn
}
