package tests

import (
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/internal/trace"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// shortDeadline gives the order a saga deadline due after d: it sends the
// deadline's first check to orders-events' own queue, as orders-events
// does when it sees the order's OrderPlaced (with the declared deadline,
// far longer than a test waits). The check is sent at once, so it arrives
// early and orders-events schedules the next one itself.
func shortDeadline(t *testing.T, orderID string, d time.Duration) {
	t.Helper()
	sub, ok := findSubscription(orders.Spec.Subscriptions, orders.DeadlineSubscription)
	if !ok {
		t.Fatalf("orders declares no %s subscription", orders.DeadlineSubscription)
	}
	q := target.cloud.Platform.Queues[provision.QueueKey(orders.Spec, sub)]
	timer, err := adapters.NewDeadlineSQSTimer(target.cloud.Clients.SQS, q.URL)
	if err != nil {
		t.Fatal(err)
	}
	check := app.CheckSagaDeadline{ID: domain.OrderID(orderID), DueAt: time.Now().Add(d), Hop: 1}
	if err := timer.Schedule(t.Context(), check, 0); err != nil {
		t.Fatal(err)
	}
}

func TestAnOrderStillPendingAtItsDeadlineIsCancelledAndNothingIsLeftHeld(t *testing.T) {
	localOnly(t)
	since := time.Now()
	// Payments authorises, but orders never hears of it: the order stays
	// PENDING with its stock reserved and its money authorised.
	hold(t, orders.Spec.Name, "payments")
	tok, id, sku := placedOne(t, 2700, 5)
	awaitPayment(t, id, "AUTHORIZED", 30*time.Second)
	awaitStock(t, sku, stockLevel{OnHand: 5, Reserved: 1, Available: 4}, 10*time.Second)
	journey(t, id, since, "orders-events starts the order's deadline from its OrderPlaced", func(j trace.Journey) bool {
		return firstSpan(j, handling(orders.EventsFunction, "OrderPlaced")) >= 0
	})

	shortDeadline(t, id, 3*time.Second)
	o := awaitOrder(t, id, statusCancelled, 30*time.Second)
	if o.CancelReason != "saga_timeout" || o.Version != 2 {
		t.Errorf("order cancelled for %q at version %d, want saga_timeout at 2", o.CancelReason, o.Version)
	}
	if order(t, tok, id).Status != statusCancelled {
		t.Error("the customer does not see the order cancelled")
	}
	awaitStock(t, sku, stockLevel{OnHand: 5, Reserved: 0, Available: 5}, 10*time.Second)
	p := awaitPayment(t, id, "REFUNDED", 30*time.Second)
	if refunds := ledger(id, pspsim.KindRefund); len(refunds) != 1 || refunds[0].ID != p.RefundID || refunds[0].Amount.Amount != 2700 {
		t.Errorf("ledger %+v, want one refund %s of 2700", refunds, p.RefundID)
	}
	authorisedOnce(t, id)
	eventually(t, "orders-events counts the expired deadline", 10*time.Second, func() bool {
		return metricSum(since, orders.EventsFunction, metrics.MetricSagaDeadlinesExpired) >= 1
	})
	if n := metricSum(since, orders.EventsFunction, metrics.MetricSagaDeadlinesExpired); n != 1 {
		t.Errorf("%s = %v, want 1", metrics.MetricSagaDeadlinesExpired, n)
	}

	// The authorisation now reaches orders, late: the order stays
	// cancelled, and nothing more is charged or refunded.
	if err := target.cloud.SetSubscriptionEnabled(orders.Spec.Name, "payments", true); err != nil {
		t.Fatal(err)
	}
	journey(t, id, since, "orders handles the late PaymentAuthorized", func(j trace.Journey) bool {
		return firstSpan(j, handling(orders.EventsFunction, "PaymentAuthorized")) >= 0
	})
	if o := order(t, tok, id); o.Status != statusCancelled || o.CancelReason != "saga_timeout" || o.Version != 2 {
		t.Errorf("after the late authorisation the order is %s (%s) at version %d, want CANCELLED (saga_timeout) at 2", o.Status, o.CancelReason, o.Version)
	}
}
