// Package provision creates in the emulator what the service declarations
// ask for: each service's table (keys, indexes, stream, TTL), the platform
// event bus, and for each subscription a queue with its dead-letter queue,
// a redrive policy and the EventBridge rule that feeds it.
//
// Provisioning is idempotent: running it again on the same emulator
// changes nothing and fails nothing.
package provision
