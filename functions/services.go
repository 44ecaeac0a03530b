// Package functions lists every service's declaration. The CDK app, the
// local cloud, the build and the docs read the platform from All.
//
// It imports only declaration packages, never handler code.
package functions

import (
	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// All returns the declarations of every service, in a stable order.
func All() []spec.Service {
	return []spec.Service{
		catalog.Spec,
		inventory.Spec,
		orders.Spec,
		payments.Spec,
		shipping.Spec,
	}
}
