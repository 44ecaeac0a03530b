// Package changecapture turns a DynamoDB table's stream into platform
// events: a Handler receives the stream's batches (Lambda's
// events.DynamoDBEvent), asks a Mapper which events each change stands
// for, and publishes them.
//
// Publishing from the stream, rather than from the request that wrote the
// item, means an event is published if and only if its change was stored,
// with no second write in the request path.
//
// Delivery is at least once and in order per item: records are handled in
// stream order, in publish rounds that hold at most one change per item;
// when a round fails, the handler reports the round's first record as the
// batch item failure, so the stream is retried from there and nothing after
// it is published ahead of it. Events a retried round publishes again keep
// their ids: a Mapper derives them from the change with eventbus.StableID (the item
// key and version, say), and Handler falls back to the stream record's id,
// so consumers deduplicate them.
package changecapture
