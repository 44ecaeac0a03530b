// Package selfqueue sends a service's own delayed messages to one of its
// subscription queues: a parked retry, a deadline to check later.
//
// A message is a platform event envelope, wrapped the way an EventBridge
// rule delivers an event to SQS, so the consumer that drains the queue
// (shared/consumer) handles it like the platform events on the same
// queue, once per envelope id. The subscription declares the message's
// type as SelfSent and a function of the service declares the queue's URL
// with spec.QueueURL; the message never goes through the bus.
//
// SQS holds a message back for at most MaxDelay. Work due later is sent
// again when it arrives early: each send carries the time it is due, and
// its receiver sends the next hop with what is left.
package selfqueue
