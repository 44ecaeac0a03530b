// Package poller plays Lambda's event source mappings: it long-polls SQS
// queues and reads DynamoDB streams, and invokes a function with batches
// shaped as aws-lambda-go's events.SQSEvent and events.DynamoDBEvent.
//
// SQS batches follow ReportBatchItemFailures: what succeeded is deleted,
// the messages named in batchItemFailures stay for redelivery (and reach
// the DLQ after maxReceiveCount), and a failed invocation leaves the whole
// batch. Stream batches are delivered in order per shard; a failed batch is
// retried from its first failed record, RetryAttempts times, then reported
// and skipped.
package poller
