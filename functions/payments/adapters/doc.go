// Package adapters connects payments to the outside world: the DynamoDB
// and in-memory payment repositories (one contract suite runs against
// both), the shared circuit breaker state, the resilient HTTP client of the
// payment provider, and the SQS scheduler of parked retries.
package adapters
