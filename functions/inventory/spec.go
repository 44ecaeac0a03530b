// Package inventory declares the inventory service: stock per SKU, and the
// reservation of an order's lines.
//
// This package holds only the declaration (see shared/spec); the code lives
// in its sub-packages: domain, app, adapters, ports, service and cmd.
package inventory

import (
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// APIFunction is the name of the function that serves the inventory's HTTP
// API.
const APIFunction = "inventory-api"

// EventsFunction is the name of the function that reserves, releases and
// commits stock as orders are placed, cancelled and confirmed.
const EventsFunction = "inventory-events"

// PublisherFunction is the name of the function that announces the
// inventory's decisions from the table's stream.
const PublisherFunction = "inventory-publisher"

// OrderEventsSubscription is the name of the subscription to the order
// events inventory reacts to.
const OrderEventsSubscription = "order-events"

// Spec is the inventory service's declaration.
var Spec = spec.Service{
	Name:        "inventory",
	Description: "Stock per SKU; reserves every line of an order at once, releases it on cancel and commits it on confirm.",
	Table: spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		// The stream feeds inventory-publisher: a decision, stored in the
		// order's reservation record by the transaction that makes it, is
		// published if and only if it was stored. The publisher reads
		// new images only.
		Stream:       spec.NewImage,
		TTLAttribute: "expiresAt",
	},
	Functions: []spec.Function{{
		Name:           APIFunction,
		Entry:          "./functions/inventory/cmd/api",
		Description:    "Serves the inventory HTTP API: read a SKU's stock, set its quantity on hand.",
		MemoryMB:       256,
		Timeout:        10 * time.Second,
		MaxConcurrency: 10,
		Table:          spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem, spec.PutItem}},
	}, {
		Name:           EventsFunction,
		Entry:          "./functions/inventory/cmd/events",
		Description:    "Reserves an order's stock on OrderPlaced, releases it on OrderCancelled and commits it on OrderConfirmed.",
		MemoryMB:       256,
		Timeout:        30 * time.Second,
		MaxConcurrency: 5,
		// Reads an order's stock in batches; one transaction puts the
		// reservation record and updates each SKU's stock.
		Table: spec.TableAccess{Operations: []spec.TableOperation{spec.BatchGetItem, spec.GetItem, spec.PutItem, spec.UpdateItem}},
	}, {
		Name:        PublisherFunction,
		Entry:       "./functions/inventory/cmd/publisher",
		Description: "Publishes StockReserved, StockRejected and StockReleased from the reservation records on the inventory table's stream.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Stream:      &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever},
		Publisher:   true,
	}},
	Routes: []spec.Route{
		{Method: http.MethodGet, Path: "/inventory/{sku}", Function: APIFunction, Auth: spec.Public},
		{Method: http.MethodPut, Path: "/inventory/{sku}", Function: APIFunction, Auth: spec.Admin},
		{Method: http.MethodGet, Path: "/health/inventory", Function: APIFunction, Auth: spec.Public},
	},
	// Publishes names event types of the published language (package
	// events); the contract tests there check each one.
	Publishes: []string{"StockReserved", "StockRejected", "StockReleased"},
	Subscriptions: []spec.Subscription{{
		Name:            OrderEventsSubscription,
		Function:        EventsFunction,
		Sources:         []string{"conveyor.orders"},
		DetailTypes:     []string{"OrderPlaced", "OrderCancelled", "OrderConfirmed"},
		BatchSize:       10,
		MaxReceiveCount: 5,
		MaxConcurrency:  5,
	}},
}
