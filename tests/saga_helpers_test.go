package tests

import (
	"testing"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/shipping"
)

// hold turns a subscription's event source mapping off until the test
// ends, as disabling the mapping does on AWS: its events wait in the queue,
// and the flow stops at that step. Then it turns it on again, and the
// waiting events are handled.
func hold(t *testing.T, service, subscription string) {
	t.Helper()
	if err := target.cloud.SetSubscriptionEnabled(service, subscription, false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := target.cloud.SetSubscriptionEnabled(service, subscription, true); err != nil {
			t.Error(err)
		}
	})
}

// holdPayments keeps orders PENDING with their stock reserved: payments
// does not see them until the test ends.
func holdPayments(t *testing.T) { hold(t, payments.Spec.Name, payments.SagaSubscription) }

// holdShipping keeps confirmed orders CONFIRMED: shipping does not see
// them until the test ends.
func holdShipping(t *testing.T) { hold(t, shipping.Spec.Name, shipping.Spec.Subscriptions[0].Name) }
