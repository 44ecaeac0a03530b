// Package consumer drains a subscription's SQS queue of platform events:
// each message body is an EventBridge event whose detail is an
// events.Envelope.
//
// A Consumer dispatches each record by event type and version to the typed
// handler registered with Handle, through an idempotency.Store keyed by the
// event id (or a key the consumer chooses), so a duplicate delivered after
// the event was handled does not run the handler again. The store reads the
// event's record before the handler and writes it once after
// (Store.DoOptimistic), without a lock: duplicates delivered at the same
// time may both run the handler, whose conditional writes let only one of
// them change anything, as they must for a run that crashed before its
// record. It returns SQS partial batch failures
// (ReportBatchItemFailures): exactly the records that failed are retried,
// the others are deleted.
//
// Each record is handled on its own: a panic is contained to its record, a
// record that cannot be decoded, has no handler or reuses an event id with
// other data is poison — logged with its reason and reported failed, so the
// queue's redrive policy moves it to the dead-letter queue after
// maxReceiveCount receives. The handler's context carries the event's
// correlation id, the event as the cause of whatever it publishes, and a
// trace subsegment annotated with the event's id and type.
package consumer
