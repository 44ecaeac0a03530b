package openapi

import (
	"github.com/conveyor-dev/conveyor/functions/catalog"
	catalogports "github.com/conveyor-dev/conveyor/functions/catalog/ports"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	inventoryports "github.com/conveyor-dev/conveyor/functions/inventory/ports"
	"github.com/conveyor-dev/conveyor/functions/orders"
	ordersports "github.com/conveyor-dev/conveyor/functions/orders/ports"
	"github.com/conveyor-dev/conveyor/functions/payments"
	paymentsports "github.com/conveyor-dev/conveyor/functions/payments/ports"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	shippingports "github.com/conveyor-dev/conveyor/functions/shipping/ports"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// Operations returns every service's Operations, by service name: what
// each HTTP port says of its routes. A service with routes adds its
// ports' Operations here; Render fails on a declared route without one.
func Operations() map[string][]httpapi.Operation {
	return map[string][]httpapi.Operation{
		catalog.Spec.Name:   catalogports.Operations(),
		orders.Spec.Name:    ordersports.Operations(),
		inventory.Spec.Name: inventoryports.Operations(),
		payments.Spec.Name:  paymentsports.Operations(),
		shipping.Spec.Name:  shippingports.Operations(),
	}
}
