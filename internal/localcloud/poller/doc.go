// Package poller plays Lambda's event source mappings: it long-polls SQS
// queues and reads DynamoDB streams, and invokes a function with batches
// shaped as aws-lambda-go's events.SQSEvent and events.DynamoDBEvent.
//
// SQS batches follow ReportBatchItemFailures: what succeeded is deleted,
// the messages named in batchItemFailures stay for redelivery (and reach
// the DLQ after maxReceiveCount), and a failed invocation leaves the whole
// batch. Stream batches are delivered in order per shard, as Lambda does
// with BisectBatchOnFunctionError and ReportBatchItemFailures: a partial
// failure is retried from the first record reported, a failed batch is
// split in two until the failing record is alone, and that record is
// retried with a growing pause, RetryAttempts times (then reported to the
// on-failure destination, and only it is skipped) or, for a negative
// RetryAttempts, until it succeeds while the records after it wait.
package poller
