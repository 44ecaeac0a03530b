// Command publisher is the catalog-publisher Lambda function: it publishes ProductUpserted and ProductDeleted from the catalog table's stream, so a product change is published if and only if it was stored.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/catalog/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewPublisherHandler) }
