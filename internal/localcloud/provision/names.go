package provision

import "github.com/conveyor-dev/conveyor/shared/spec"

// DefaultPrefix starts every local resource name.
const DefaultPrefix = "conveyor-local"

// Names is the local naming convention: every physical name starts with
// Prefix, so resources of different runs (or tests) sharing one emulator
// never collide.
//
//	table      <prefix>-<service>                 e.g. conveyor-local-catalog
//	bus        <prefix>                           e.g. conveyor-local
//	queue      <prefix>-<service>-<subscription>  and its DLQ with "-dlq"
//	rule       the queue's name
//	stream consumer's failure queue  <prefix>-<function>-stream-failures
type Names struct {
	Prefix string
}

// Table is the physical name of a service's table.
func (n Names) Table(s spec.Service) string { return n.Prefix + "-" + s.Name }

// Bus is the physical name of the platform event bus.
func (n Names) Bus() string { return n.Prefix }

// Queue is the physical name of a subscription's queue.
func (n Names) Queue(s spec.Service, sub spec.Subscription) string {
	return n.Prefix + "-" + s.QueueName(sub)
}

// DLQ is the physical name of a subscription's dead-letter queue.
func (n Names) DLQ(s spec.Service, sub spec.Subscription) string {
	return n.Queue(s, sub) + "-dlq"
}

// Rule is the name of a subscription's EventBridge rule.
func (n Names) Rule(s spec.Service, sub spec.Subscription) string { return n.Queue(s, sub) }

// StreamFailureQueue is the physical name of the queue a stream consumer's
// mapping tells about the records it gave up on (its on-failure
// destination).
func (n Names) StreamFailureQueue(function string) string {
	return n.Prefix + "-" + function + "-stream-failures"
}
