// Command api is the catalog-api Lambda function: the catalog's HTTP API behind API Gateway.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/catalog/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewAPIHandler) }
