// Package eventbus publishes platform events to the EventBridge bus.
//
// A Publisher wraps each event in an events.Envelope (a new id, the
// service's source, the time, the correlation id and the causing event from
// the context) and sends the envelopes with PutEvents: in order, in batches
// of at most 10 entries and 256 KB, retrying only the entries EventBridge
// reports as failed, with jittered exponential backoff, and passing the
// current X-Ray trace header on. An entry that still fails after the last
// attempt, or fails for a reason a retry cannot fix, makes Publish return a
// *PublishError naming it.
//
// A Publisher built with ForService refuses an event type the service does
// not declare in its Publishes, so the declarations, the generated catalog
// and what a service really emits cannot drift apart.
package eventbus
