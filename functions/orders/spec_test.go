package orders_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/functions/orders"
)

func TestTheDeclarationIsValid(t *testing.T) {
	if err := orders.Spec.Validate(); err != nil {
		t.Fatal(err)
	}
}
