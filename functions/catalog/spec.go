// Package catalog declares the catalog service: products and their prices.
//
// This package holds only the declaration (see shared/spec); the code lives
// in its sub-packages: domain, app, adapters, ports, service and cmd.
package catalog

import (
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// APIFunction is the name of the function that serves the catalog's HTTP API.
const APIFunction = "catalog-api"

// PublisherFunction is the name of the function that publishes product
// changes from the table's stream.
const PublisherFunction = "catalog-publisher"

// Spec is the catalog service's declaration.
var Spec = spec.Service{
	Name:        "catalog",
	Description: "Products and their prices; the source of truth other services copy from.",
	Table: spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		Indexes: []spec.Index{{
			// gsi1 lists products in SKU order: gsi1pk is "PRODUCT", gsi1sk the SKU.
			Name:         "gsi1",
			PartitionKey: spec.Key{Name: "gsi1pk", Type: spec.String},
			SortKey:      &spec.Key{Name: "gsi1sk", Type: spec.String},
		}},
		// The stream feeds catalog-publisher: a product change is published
		// if and only if it was stored.
		Stream: spec.NewAndOldImages,
	},
	Functions: []spec.Function{{
		Name:           APIFunction,
		Entry:          "./functions/catalog/cmd/api",
		Description:    "Serves the catalog HTTP API: list, read, create or replace, and delete products.",
		MemoryMB:       256,
		Timeout:        10 * time.Second,
		MaxConcurrency: 10,
		// Reads and writes products (a delete is a stored tombstone), lists
		// them through gsi1.
		Table: spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem, spec.PutItem}, Indexes: []string{"gsi1"}},
	}, {
		Name:        PublisherFunction,
		Entry:       "./functions/catalog/cmd/publisher",
		Description: "Publishes ProductUpserted and ProductDeleted from the catalog table's stream.",
		MemoryMB:    256,
		Timeout:     30 * time.Second,
		Stream:      &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever},
		Publisher:   true,
	}},
	Routes: []spec.Route{
		{Method: http.MethodGet, Path: "/products", Function: APIFunction, Auth: spec.Public},
		{Method: http.MethodGet, Path: "/products/{sku}", Function: APIFunction, Auth: spec.Public},
		{Method: http.MethodPut, Path: "/products/{sku}", Function: APIFunction, Auth: spec.Admin},
		{Method: http.MethodDelete, Path: "/products/{sku}", Function: APIFunction, Auth: spec.Admin},
		{Method: http.MethodGet, Path: "/health/catalog", Function: APIFunction, Auth: spec.Public},
	},
	// Publishes names event types of the published language (package
	// events); the contract tests there check each one.
	Publishes: []string{"ProductUpserted", "ProductDeleted"},
}
