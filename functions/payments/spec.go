// Package payments declares the payments service: it authorises each
// order's amount with the external payment provider, and refunds or voids
// it when the order is cancelled or the payment declined.
//
// This package holds only the declaration (see shared/spec); the code lives
// in its sub-packages: domain, app, adapters, ports, service and cmd.
package payments

import (
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// APIFunction is the name of the function that serves the payments HTTP API.
const APIFunction = "payments-api"

// SagaFunction is the name of the function that takes part in the order
// saga: it authorises, parks, retries, refunds and voids payments, and
// stores each decision.
const SagaFunction = "payments-saga"

// PublisherFunction is the name of the function that publishes the
// payments' decisions from the table's stream.
const PublisherFunction = "payments-publisher"

// SagaSubscription is the name of the saga function's subscription. Its
// queue also carries the saga's own delayed retry messages.
const SagaSubscription = "saga-events"

// RetryDueType is the detail-type of the saga's delayed retry messages: a
// parked authorisation's retry is due. The saga sends them straight to the
// queue of SagaSubscription (RETRY_QUEUE_URL), never to the bus, and its
// consumer handles them besides the subscription's DetailTypes (the
// subscription declares them as SelfSent).
const RetryDueType = "PaymentRetryDue"

// SettleDueType is the detail-type of the saga's delayed settlement
// retries: a parked refund or void is due. Like RetryDueType, the saga
// sends them to its own queue and declares them as SelfSent.
const SettleDueType = "PaymentSettleDue"

// EnvProviderURL names the variable holding the payment provider's base URL.
const EnvProviderURL = "PAYMENT_PROVIDER_URL"

// ProviderURLParameter is the stage parameter holding the payment
// provider's base URL: /conveyor/<stage>/payments/provider-url on AWS.
const ProviderURLParameter = "payments/provider-url"

// EnvRetryQueueURL names the variable holding the URL of the saga's own
// queue, where parked authorisations wait as delayed messages.
const EnvRetryQueueURL = "RETRY_QUEUE_URL"

// Spec is the payments service's declaration.
var Spec = spec.Service{
	Name:        "payments",
	Description: "Authorises each order's amount with the payment provider, never twice, and refunds or voids it on cancellation; leaves no authorisation behind.",
	Table: spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		// expiresAt ends idempotency records and the shared circuit
		// breaker state.
		TTLAttribute: "expiresAt",
		// The stream feeds payments-publisher: a decision is published if
		// and only if it was stored. Both images let the publisher tell a
		// new decision from a later change of a decided payment.
		Stream: spec.NewAndOldImages,
	},
	Functions: []spec.Function{{
		Name:           APIFunction,
		Entry:          "./functions/payments/cmd/api",
		Description:    "Serves the payments HTTP API: an order's payment (admin) and the health check.",
		MemoryMB:       256,
		Timeout:        10 * time.Second,
		MaxConcurrency: 10,
		Table:          spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem}},
	}, {
		Name:        SagaFunction,
		Entry:       "./functions/payments/cmd/saga",
		Description: "Authorises on StockReserved and refunds or voids on OrderCancelled, with a timeout, retries, a circuit breaker and parked retries; stores each decision.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		// The provider takes a bounded number of calls at once, whatever
		// the backlog: at most 5 batches of 5 records (the consumer
		// handles a batch's orders at the same time), so 25 calls.
		ReservedConcurrency: 5,
		MaxConcurrency:      5,
		Environment: map[string]spec.Var{
			EnvProviderURL:   spec.Parameter(ProviderURLParameter),
			EnvRetryQueueURL: spec.QueueURL(SagaSubscription),
		},
		// Payments, and the circuit breaker's shared state, which it
		// deletes when the breaker closes.
		Table: spec.TableAccess{Operations: []spec.TableOperation{spec.DeleteItem, spec.GetItem, spec.PutItem}},
	}, {
		Name:        PublisherFunction,
		Entry:       "./functions/payments/cmd/publisher",
		Description: "Publishes PaymentAuthorized, PaymentDeclined and PaymentRefunded from the payments table's stream.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Stream:      &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever},
		Publisher:   true,
	}},
	Routes: []spec.Route{
		{Method: http.MethodGet, Path: "/payments/{orderId}", Function: APIFunction, Auth: spec.Admin},
		{Method: http.MethodGet, Path: "/health/payments", Function: APIFunction, Auth: spec.Public},
	},
	Publishes: []string{"PaymentAuthorized", "PaymentDeclined", "PaymentRefunded"},
	Subscriptions: []spec.Subscription{{
		Name:            SagaSubscription,
		Function:        SagaFunction,
		Sources:         []string{"conveyor.orders", "conveyor.inventory"},
		DetailTypes:     []string{"OrderPlaced", "StockReserved", "OrderCancelled"},
		SelfSent:        []string{RetryDueType, SettleDueType},
		BatchSize:       5,
		MaxReceiveCount: 10,
		MaxConcurrency:  5,
	}},
}
