// Package eventbustest gives tests that talk to the emulator an event bus
// routed to a queue: a rule with a pattern feeds an SQS queue, which has a
// dead-letter queue, the way the platform wires each subscription. Receive
// then waits for the envelopes that reach the queue.
package eventbustest
