// Command api is the inventory-api Lambda function: the inventory's HTTP API behind API Gateway.
package main

import (
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

func main() { middleware.Main(service.NewAPIHandler) }
