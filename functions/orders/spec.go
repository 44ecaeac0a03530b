// Package orders declares the orders service: the event-sourced order
// aggregate, its read model and the saga steps orders takes.
//
// This package holds only the declaration (see shared/spec); the code lives
// in its sub-packages: domain, app, adapters, ports, service and cmd.
package orders

import (
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The orders service's functions.
const (
	// APIFunction serves the orders HTTP API.
	APIFunction = "orders-api"
	// ProjectorFunction builds the read model from the table's stream.
	ProjectorFunction = "orders-projector"
	// RelayFunction publishes committed events from the table's stream.
	RelayFunction = "orders-relay"
	// EventsFunction reacts to other services' events.
	EventsFunction = "orders-events"
	// RebuildFunction rebuilds the read model from the event store when
	// invoked.
	RebuildFunction = "orders-rebuild"
)

// DeadlineSubscription is the name of the events function's subscription
// to orders' own OrderPlaced, which starts each order's saga deadline. Its
// queue also carries the deadline's delayed checks.
const DeadlineSubscription = "saga-deadline"

// DeadlineDueType is the detail-type of the events function's delayed
// messages: a check of an order's saga deadline is due. The function sends
// them straight to the queue of DeadlineSubscription (DEADLINE_QUEUE_URL),
// never to the bus; the subscription declares them as SelfSent.
const DeadlineDueType = "OrderDeadlineDue"

// EnvSagaDeadline names the variable holding how long an order may stay
// PENDING before it is cancelled with reason saga_timeout.
const EnvSagaDeadline = "SAGA_DEADLINE"

// EnvDeadlineQueueURL names the variable holding the URL of the queue of
// DeadlineSubscription.
const EnvDeadlineQueueURL = "DEADLINE_QUEUE_URL"

// SagaDeadline is the declared saga deadline: an order still PENDING this
// long after it was placed is cancelled (saga_timeout), which releases its
// stock and voids or refunds its payment. It must comfortably exceed the
// longest wait a healthy saga can take: payments parks an authorisation
// for some two and a half minutes at most (PARK_* defaults: 6 tries, 5 s
// doubling to 1 min, a fifth of jitter) before it declines it.
const SagaDeadline = 30 * time.Minute

// Spec is the orders service's declaration.
var Spec = spec.Service{
	Name:        "orders",
	Description: "Orders: an event-sourced aggregate with a CQRS read model; starts the order saga.",
	Table: spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		Indexes: []spec.Index{{
			// gsi1 lists a customer's orders, newest first: gsi1pk is
			// "CUSTOMER#<id>", gsi1sk the placing time and the order id.
			Name:         "gsi1",
			PartitionKey: spec.Key{Name: "gsi1pk", Type: spec.String},
			SortKey:      &spec.Key{Name: "gsi1sk", Type: spec.String},
		}},
		// The stream carries every commit of the event store to the
		// projector (read model) and the relay (outbox to EventBridge).
		Stream:       spec.NewImage,
		TTLAttribute: "expiresAt",
	},
	Functions: []spec.Function{{
		Name:           APIFunction,
		Entry:          "./functions/orders/cmd/api",
		Description:    "Serves the orders HTTP API: place, read, list and cancel orders.",
		MemoryMB:       256,
		Timeout:        10 * time.Second,
		MaxConcurrency: 20,
		// Appends commits and reads orders, their views and the catalog
		// copy; keeps the Idempotency-Key records; lists a customer's
		// orders through gsi1.
		Table: spec.TableAccess{
			Operations: []spec.TableOperation{spec.BatchGetItem, spec.DeleteItem, spec.GetItem, spec.PutItem, spec.Query},
			Indexes:    []string{"gsi1"},
		},
	}, {
		Name:        ProjectorFunction,
		Entry:       "./functions/orders/cmd/projector",
		Description: "Builds the orders read model from the commits on the table's stream.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Stream:      &spec.StreamConsumer{BatchSize: 100, RetryAttempts: 20, Rebuild: RebuildFunction},
		Table:       spec.TableAccess{Operations: []spec.TableOperation{spec.PutItem, spec.Query}},
	}, {
		Name:        RelayFunction,
		Entry:       "./functions/orders/cmd/relay",
		Description: "Publishes the events of each commit on the table's stream to the platform bus (the outbox relay).",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Stream:      &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever},
		Publisher:   true,
	}, {
		Name:        EventsFunction,
		Entry:       "./functions/orders/cmd/events",
		Description: "Keeps the catalog copy and moves orders along the saga: cancels on rejected stock or a declined payment, confirms on an authorised payment, ships on a scheduled shipment, cancels an order still pending at its saga deadline.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Environment: map[string]spec.Var{
			EnvSagaDeadline:     spec.Literal(SagaDeadline.String()),
			EnvDeadlineQueueURL: spec.QueueURL(DeadlineSubscription),
		},
		Table: spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem, spec.PutItem, spec.Query}},
	}, {
		Name:        RebuildFunction,
		Entry:       "./functions/orders/cmd/rebuild",
		Description: "Rebuilds the orders read model from the event store; invoked by an operator.",
		MemoryMB:    256,
		Timeout:     15 * time.Minute,
		// The only function that scans: it finds every order's first
		// commit.
		Table: spec.TableAccess{Operations: []spec.TableOperation{spec.PutItem, spec.Query, spec.Scan}},
	}},
	Routes: []spec.Route{
		{Method: http.MethodPost, Path: "/orders", Function: APIFunction, Auth: spec.Customer},
		{Method: http.MethodGet, Path: "/orders", Function: APIFunction, Auth: spec.Customer},
		{Method: http.MethodGet, Path: "/orders/{id}", Function: APIFunction, Auth: spec.Customer},
		{Method: http.MethodPost, Path: "/orders/{id}/cancel", Function: APIFunction, Auth: spec.Customer},
		{Method: http.MethodGet, Path: "/health/orders", Function: APIFunction, Auth: spec.Public},
	},
	Publishes: []string{"OrderPlaced", "OrderConfirmed", "OrderShipped", "OrderCancelled"},
	Subscriptions: []spec.Subscription{{
		Name:        "products",
		Function:    EventsFunction,
		Sources:     []string{"conveyor.catalog"},
		DetailTypes: []string{"ProductUpserted", "ProductDeleted"},
		BatchSize:   10, MaxReceiveCount: 5,
	}, {
		Name:        "stock-rejected",
		Function:    EventsFunction,
		Sources:     []string{"conveyor.inventory"},
		DetailTypes: []string{"StockRejected"},
		BatchSize:   10, MaxReceiveCount: 5,
	}, {
		Name:        "payments",
		Function:    EventsFunction,
		Sources:     []string{"conveyor.payments"},
		DetailTypes: []string{"PaymentAuthorized", "PaymentDeclined"},
		BatchSize:   10, MaxReceiveCount: 5,
	}, {
		Name:        "shipments",
		Function:    EventsFunction,
		Sources:     []string{"conveyor.shipping"},
		DetailTypes: []string{"ShipmentScheduled"},
		BatchSize:   10, MaxReceiveCount: 5,
	}, {
		// Each OrderPlaced the relay publishes starts the order's saga
		// deadline: published if and only if stored, so every stored
		// order gets one.
		Name:        DeadlineSubscription,
		Function:    EventsFunction,
		Sources:     []string{"conveyor.orders"},
		DetailTypes: []string{"OrderPlaced"},
		SelfSent:    []string{DeadlineDueType},
		BatchSize:   10, MaxReceiveCount: 5,
	}},
}
