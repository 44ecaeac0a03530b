package spec

import (
	"slices"
	"time"
)

// Platform environment variables every function receives (see the package
// documentation).
const (
	EnvService      = "CONVEYOR_SERVICE"
	EnvStage        = "CONVEYOR_STAGE"
	EnvTableName    = "TABLE_NAME"
	EnvEventBusName = "EVENT_BUS_NAME"
	EnvLogLevel     = "LOG_LEVEL"
)

// Service is the whole declaration of one bounded context.
type Service struct {
	// Name is the service's short name: lower case letters, e.g. "catalog".
	// Stacks, tables, functions and event sources are named after it.
	Name string
	// Description is one sentence on what the service owns.
	Description string
	// Table is the service's own DynamoDB table. Every service has one.
	Table Table
	// Functions are the service's Lambda functions.
	Functions []Function
	// Routes are the service's HTTP routes on the shared REST API.
	Routes []Route
	// Publishes lists the event types (EventBridge detail-type) the service
	// puts on the platform bus, with source "conveyor.<Name>". Its
	// publisher function (Function.Publisher) puts them there.
	Publishes []string
	// Subscriptions are the events the service consumes: each one is an
	// EventBridge rule feeding an SQS queue (with a DLQ) drained by a function.
	Subscriptions []Subscription
}

// Pattern is the subscription's EventBridge event pattern, as JSON-shaped
// Go data.
func (sub Subscription) Pattern() map[string]any {
	return map[string]any{
		"source":      slices.Clone(sub.Sources),
		"detail-type": slices.Clone(sub.DetailTypes),
	}
}

// QueueVisibility is the visibility timeout of the subscription's queue
// when consumer drains it: the declared VisibilityTimeout, else six times
// the consumer's timeout plus the batching window, as Lambda's
// documentation recommends. The stacks and the local cloud both use it.
func (sub Subscription) QueueVisibility(consumer Function) time.Duration {
	if sub.VisibilityTimeout > 0 {
		return sub.VisibilityTimeout
	}
	return 6*consumer.Timeout + sub.MaxBatchingWindow
}

// QueueRetention is how long a subscription queue keeps a message.
const QueueRetention = 4 * 24 * time.Hour

// FailureQueueRetention is how long a dead-letter or failure queue keeps a
// message: the most SQS allows, so that nothing is lost before someone
// looks.
const FailureQueueRetention = 14 * 24 * time.Hour

// DeliveryRetryAttempts and DeliveryMaxEventAge are the retry policy of
// every rule target: EventBridge retries a delivery its queue refuses up
// to this many times within this age, AWS's defaults made explicit, then
// sends the event to the subscription's dead-letter queue.
const (
	DeliveryRetryAttempts = 185
	DeliveryMaxEventAge   = 24 * time.Hour
)

// Source is the EventBridge source of the events the service publishes.
func (s Service) Source() string { return "conveyor." + s.Name }

// Function returns the function declared with the given name.
func (s Service) Function(name string) (Function, bool) {
	for _, f := range s.Functions {
		if f.Name == name {
			return f, true
		}
	}
	return Function{}, false
}

// AttributeType is a DynamoDB key attribute type.
type AttributeType string

// The DynamoDB key attribute types.
const (
	String AttributeType = "S"
	Number AttributeType = "N"
	Binary AttributeType = "B"
)

// Key is one key attribute of a table or index.
type Key struct {
	Name string
	Type AttributeType
}

// StreamView is what a DynamoDB stream record carries; empty means no stream.
type StreamView string

// The DynamoDB stream view types.
const (
	NoStream        StreamView = ""
	KeysOnly        StreamView = "KEYS_ONLY"
	NewImage        StreamView = "NEW_IMAGE"
	OldImage        StreamView = "OLD_IMAGE"
	NewAndOldImages StreamView = "NEW_AND_OLD_IMAGES"
)

// Table declares a service's DynamoDB table. Its physical name is chosen by
// the platform and reaches the functions as TABLE_NAME.
type Table struct {
	PartitionKey Key
	// SortKey is optional.
	SortKey *Key
	// Indexes are global secondary indexes, all projecting every attribute.
	Indexes []Index
	// Stream turns on the table's stream with the given view.
	Stream StreamView
	// TTLAttribute names the attribute holding an expiry time in epoch
	// seconds; empty means no TTL.
	TTLAttribute string
}

// Index declares a global secondary index.
type Index struct {
	Name         string
	PartitionKey Key
	SortKey      *Key
}

// Function declares one Lambda function.
type Function struct {
	// Name is unique across the platform and starts with the service name,
	// e.g. "catalog-api". The build writes build/<Name>/bootstrap.
	Name string
	// Entry is the Go package of the function's main, relative to the module
	// root, e.g. "./functions/catalog/cmd/api".
	Entry string
	// Description is one sentence on what the function does.
	Description string
	// MemoryMB is the memory size (128 to 10240).
	MemoryMB int
	// Timeout is the maximum duration of one invocation (1 s to 15 min).
	Timeout time.Duration
	// Environment holds the function's own variables, on top of the
	// platform ones (see Env). Each is a literal, a stage parameter or the
	// URL of one of the service's queues.
	Environment map[string]Var
	// ReservedConcurrency caps the function's concurrency to protect a
	// downstream; 0 means no reservation.
	ReservedConcurrency int
	// MaxConcurrency bounds how many copies run at once locally and is the
	// ceiling for provisioned-concurrency auto scaling; 0 means the default.
	MaxConcurrency int
	// Stream makes the function a consumer of the service table's stream.
	Stream *StreamConsumer
	// Table is what the function does with the service's table; the zero
	// value is nothing. A function that drains a subscription also keeps
	// its idempotency records there (IdempotencyOperations), without
	// declaring them.
	Table TableAccess
	// Publisher makes the function the one that puts the service's events
	// (Service.Publishes, source "conveyor.<service>") on the platform bus.
	// No other function may. A publisher publishes what the table stored:
	// it consumes the table's stream and retries forever.
	Publisher bool
}

// StreamConsumer declares how a function consumes its table's stream.
//
// A failing batch is split in two until the failing record is alone, and
// records after it wait: a shard is consumed in order. What happens to a
// record that keeps failing is the declaration's choice, and there are two:
//
//   - A consumer that announces what the table stored (an outbox relay, a
//     publisher of the service's decisions) never gives up: RetryAttempts is
//     RetryForever. A record is published if and only if it was stored, so
//     a record given up on would be an event lost. A failing record holds
//     its shard until it succeeds; the alarms on the consumer's iterator
//     age say so long before the stream's 24 hours are over.
//   - A consumer whose output is derived from the table and can be derived
//     again (a read model) may give up after RetryAttempts retries, so that
//     one bad record does not freeze the output for every other item of
//     its shard. It names the function that rebuilds that output (Rebuild),
//     which the alarm on its failure queue tells the operator to run.
type StreamConsumer struct {
	// BatchSize is the largest batch per invocation (1 to 10000).
	BatchSize int
	// MaxBatchingWindow is how long to gather records before invoking.
	MaxBatchingWindow time.Duration
	// RetryAttempts is how often a failed record is retried before the
	// consumer gives up on it and reports it to its failure destination
	// (0 to 10000), or RetryForever.
	RetryAttempts int
	// Rebuild names the function of the same service that rebuilds what
	// the consumer derives from the table, repairing what it gave up on.
	// Required unless RetryAttempts is RetryForever.
	Rebuild string
}

// RetryForever, as StreamConsumer.RetryAttempts, retries a failed record
// until it succeeds: no retry limit and no maximum record age (on AWS,
// MaximumRetryAttempts and MaximumRecordAgeInSeconds are -1). Only the
// stream's own retention (24 hours) ends it.
const RetryForever = -1

// GivesUp reports whether the consumer gives up on a record that keeps
// failing, rather than retrying it forever.
func (c StreamConsumer) GivesUp() bool { return c.RetryAttempts != RetryForever }

// Auth is who may call a route.
type Auth string

// The route authorisation levels.
const (
	// Public routes need no token.
	Public Auth = "public"
	// Customer routes need a valid token of any signed-in user.
	Customer Auth = "customer"
	// Admin routes need a valid token whose user is in the "admin" group.
	Admin Auth = "admin"
)

// AdminGroup is the user-pool group that grants admin rights.
const AdminGroup = "admin"

// Route declares one HTTP route on the shared REST API.
type Route struct {
	// Method is an upper-case HTTP method.
	Method string
	// Path is an API Gateway resource path, e.g. "/products/{sku}".
	Path string
	// Function is the name of the function serving the route.
	Function string
	// Auth is who may call it.
	Auth Auth
	// ThrottleRate and ThrottleBurst override the stage's throttling for
	// this route when non-zero (requests per second, and burst).
	ThrottleRate  float64
	ThrottleBurst int
}

// Subscription declares one consumer of platform events: an EventBridge
// rule matching Sources and DetailTypes feeds the queue, and Function
// drains it.
type Subscription struct {
	// Name is unique within the service, e.g. "order-events"; the queue
	// is named "<service>-<Name>".
	Name string
	// Function is the name of the consuming function.
	Function string
	// Sources are the event sources the rule matches, e.g.
	// "conveyor.orders"; at least one.
	Sources []string
	// DetailTypes are the event types the rule matches, e.g.
	// "OrderPlaced"; at least one. The consuming function must handle
	// each of them, and nothing else (functions/wiring_test.go).
	DetailTypes []string
	// SelfSent are the types of messages the service's own functions send
	// straight to the queue, never through the bus, e.g. delayed retries.
	// A function of the service must declare the queue's URL in its
	// environment (QueueURL) to send them.
	SelfSent []string
	// BatchSize is the largest SQS batch per invocation (1 to 10).
	BatchSize int
	// MaxBatchingWindow is how long to gather messages before invoking.
	MaxBatchingWindow time.Duration
	// MaxReceiveCount is how many receives a message gets before it moves
	// to the DLQ.
	MaxReceiveCount int
	// MaxConcurrency caps the concurrent invocations of the event source
	// mapping (2 to 1000); 0 means no cap.
	MaxConcurrency int
	// VisibilityTimeout is the queue's visibility timeout; 0 means six times
	// the function timeout, as AWS recommends.
	VisibilityTimeout time.Duration
}
