// Package shipping declares the shipping service: it schedules one
// shipment for each confirmed order.
//
// This package holds only the declaration (see shared/spec); the code lives
// in its sub-packages: domain, app, adapters, ports, service and cmd.
package shipping

import (
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// APIFunction is the name of the function that serves the shipping HTTP API.
const APIFunction = "shipping-api"

// SagaFunction is the name of the function that schedules shipments of
// confirmed orders.
const SagaFunction = "shipping-saga"

// PublisherFunction is the name of the function that announces scheduled
// shipments from the table's stream.
const PublisherFunction = "shipping-publisher"

// Spec is the shipping service's declaration.
var Spec = spec.Service{
	Name:        "shipping",
	Description: "Schedules one shipment, with a carrier and a tracking id, for each confirmed order.",
	Table: spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		// The stream feeds shipping-publisher: a scheduled shipment is
		// published if and only if it was stored. The publisher reads new
		// images only.
		Stream: spec.NewImage,
		// expiresAt ends idempotency records.
		TTLAttribute: "expiresAt",
	},
	Functions: []spec.Function{{
		Name:           APIFunction,
		Entry:          "./functions/shipping/cmd/api",
		Description:    "Serves the shipping HTTP API: an order's shipment (its customer or an admin) and the health check.",
		MemoryMB:       256,
		Timeout:        10 * time.Second,
		MaxConcurrency: 10,
		Table:          spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem}},
	}, {
		Name:        SagaFunction,
		Entry:       "./functions/shipping/cmd/saga",
		Description: "Schedules a shipment on OrderConfirmed; cancels it on OrderCancelled.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Table:       spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem, spec.PutItem}},
	}, {
		Name:        PublisherFunction,
		Entry:       "./functions/shipping/cmd/publisher",
		Description: "Publishes ShipmentScheduled from the shipments on the shipping table's stream.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Stream:      &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever},
		Publisher:   true,
	}},
	Routes: []spec.Route{
		{Method: http.MethodGet, Path: "/shipments/{orderId}", Function: APIFunction, Auth: spec.Customer},
		{Method: http.MethodGet, Path: "/health/shipping", Function: APIFunction, Auth: spec.Public},
	},
	Publishes: []string{"ShipmentScheduled"},
	Subscriptions: []spec.Subscription{{
		Name:            "order-events",
		Function:        SagaFunction,
		Sources:         []string{"conveyor.orders"},
		DetailTypes:     []string{"OrderConfirmed", "OrderCancelled"},
		BatchSize:       10,
		MaxReceiveCount: 5,
		MaxConcurrency:  5,
	}},
}
