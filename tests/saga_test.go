package tests

import (
	"fmt"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/internal/trace"
)

func TestAHappyOrderIsConfirmedThenShippedOnce(t *testing.T) {
	localOnly(t)
	sku := orderableProduct(t, 1250, 5)
	tok, _ := customer(t)
	placed := placeOrder(t, tok, fmt.Sprintf(`[{"sku":%q,"quantity":2}]`, sku))
	if placed.status != 202 {
		t.Fatalf("place order: %d %s", placed.status, placed.body)
	}
	id := decode[orderView](t, placed.body).ID
	o := awaitOrder(t, id, statusShipped, 30*time.Second)

	t.Run("the order went placed, confirmed, shipped: three commits", func(t *testing.T) {
		if o.Version != 3 || o.CancelReason != "" {
			t.Errorf("shipped order at version %d (reason %q), want 3: placed, confirmed, shipped", o.Version, o.CancelReason)
		}
	})
	t.Run("the provider's ledger holds one authorisation of the order's total", func(t *testing.T) {
		authorisedOnce(t, id)
		if auths := ledger(id, pspsim.KindAuthorization); len(auths) == 1 && auths[0].Amount.Amount != 2500 {
			t.Errorf("authorised %d, want 2500", auths[0].Amount.Amount)
		}
	})
	t.Run("the two units are sold: on hand and reserved went down", func(t *testing.T) {
		awaitStock(t, sku, stockLevel{OnHand: 3, Reserved: 0, Available: 3}, 10*time.Second)
	})
	t.Run("one shipment with a carrier and a tracking id, shown to its customer and to admins only", func(t *testing.T) {
		status, s := shipment(t, tok, id)
		if status != 200 || s.OrderID != id || s.ShipmentID == "" || s.Carrier == "" || s.TrackingID == "" || s.Status != "SCHEDULED" ||
			len(s.Lines) != 1 || s.Lines[0].SKU != sku || s.Lines[0].Quantity != 2 {
			t.Fatalf("the customer reads the shipment: %d %+v", status, s)
		}
		if status, again := shipment(t, target.adminToken, id); status != 200 || again.ShipmentID != s.ShipmentID {
			t.Errorf("an admin reads shipment %+v (%d), want %s", again, status, s.ShipmentID)
		}
		other, _ := customer(t)
		if status, _ := shipment(t, other, id); status != 404 {
			t.Errorf("another customer reads the shipment: %d, want 404", status)
		}
		if status, _ := shipment(t, "", id); status != 401 {
			t.Errorf("an anonymous caller reads the shipment: %d, want 401", status)
		}
	})
}

func TestADeclinedPaymentCancelsTheOrderAndReleasesItsStock(t *testing.T) {
	localOnly(t)
	providerFaults(t, pspsim.Faults{DeclineAbove: 50_000})
	tok, id, sku := placedOne(t, 90_000, 5)
	o := awaitOrder(t, id, statusCancelled, 30*time.Second)
	if o.CancelReason != "payment_declined" || o.Version != 2 {
		t.Errorf("order cancelled for %q at version %d, want payment_declined at 2", o.CancelReason, o.Version)
	}
	p := awaitPayment(t, id, "DECLINED", 10*time.Second)
	if p.DeclineReason != pspsim.ReasonAmountLimit || len(ledger(id, pspsim.KindAuthorization)) != 0 {
		t.Errorf("payment %+v, ledger %+v: want declined %s with no authorisation", p, ledger(id, pspsim.KindAuthorization), pspsim.ReasonAmountLimit)
	}
	awaitStock(t, sku, stockLevel{OnHand: 5, Reserved: 0, Available: 5}, 10*time.Second)
	if status, s := shipment(t, tok, id); status != 404 {
		t.Errorf("a declined order has a shipment: %d %+v", status, s)
	}
}

func TestOrdersPlacedDuringATenSecondOutageShipOnceTheProviderIsBack(t *testing.T) {
	localOnly(t)
	since := time.Now()
	providerFaults(t, pspsim.Faults{Outage: true})
	healed := make(chan struct{})
	time.AfterFunc(10*time.Second, func() {
		_ = target.cloud.PSP.SetFaults(pspsim.Faults{})
		close(healed)
	})
	var ids []string
	for range 3 {
		_, id, _ := placedOne(t, 700, 5)
		ids = append(ids, id)
	}
	eventually(t, "the breaker is open for every instance", 10*time.Second, func() bool { return breakerState(t) == "open" })
	for _, id := range ids {
		eventually(t, "the payment of "+id+" is parked", 10*time.Second, func() bool {
			p, _ := payment(t, id)
			return p.Status == "PARKED"
		})
	}
	<-healed
	for _, id := range ids {
		awaitOrder(t, id, statusShipped, 90*time.Second)
		authorisedOnce(t, id)
	}
	eventually(t, "the breaker is closed again", 20*time.Second, func() bool { return breakerState(t) == "closed" })
	// An instance's breaker closes when its next call succeeds: orders
	// keep coming, and each reaches the saga's instances in turn, until
	// the logs and the metrics show the breaker closed as well as opened.
	var logged, counted []string
	deadline := time.Now().Add(40 * time.Second)
	for {
		if logged, counted = breakerMoves(since); hasAll(logged, "open", "closed") && hasAll(counted, "open", "closed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 40 s of orders, the breaker's moves logged are %v and counted %v; want it opened and closed in both", logged, counted)
		}
		_, id, _ := placedOne(t, 700, 5)
		awaitOrder(t, id, statusShipped, 30*time.Second)
		authorisedOnce(t, id)
	}
	t.Logf("breaker moves logged %v, counted %v", logged, counted)
}

func TestAProviderSlowerThanTheTimeoutIsRetriedWithoutADoubleCharge(t *testing.T) {
	localOnly(t)
	providerFaults(t, pspsim.Faults{LatencyMS: 2500})
	_, id, _ := placedOne(t, 990, 5)
	eventually(t, "the timed-out authorisation is parked", 30*time.Second, func() bool {
		p, _ := payment(t, id)
		return p.Status == "PARKED"
	})
	if n := len(ledger(id, pspsim.KindAuthorization)); n != 1 {
		t.Fatalf("the slow provider recorded %d authorisations, want the first try's one", n)
	}
	if err := target.cloud.PSP.SetFaults(pspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	awaitOrder(t, id, statusShipped, 60*time.Second)
	authorisedOnce(t, id)
}

func TestACancelAfterConfirmationRefundsOnceAndReleasesTheStock(t *testing.T) {
	localOnly(t)
	// Shipping takes its time, so the customer cancels a confirmed order
	// that has not shipped yet.
	holdShipping(t)
	tok, id, sku := placedOne(t, 4200, 5)
	awaitOrder(t, id, statusConfirmed, 30*time.Second)
	awaitStock(t, sku, stockLevel{OnHand: 4, Reserved: 0, Available: 4}, 10*time.Second)
	if r := request(t, "POST", "/orders/"+id+"/cancel", tok, "", nil); r.status >= 300 {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	o := awaitOrder(t, id, statusCancelled, 10*time.Second)
	if o.CancelReason != "customer_request" || o.Version != 3 {
		t.Errorf("order cancelled for %q at version %d, want customer_request at 3: placed, confirmed, cancelled", o.CancelReason, o.Version)
	}
	p := awaitPayment(t, id, "REFUNDED", 30*time.Second)
	refunds := ledger(id, pspsim.KindRefund)
	if len(refunds) != 1 || refunds[0].ID != p.RefundID || refunds[0].Amount.Amount != 4200 {
		t.Errorf("ledger %+v, want one refund %s of 4200", refunds, p.RefundID)
	}
	authorisedOnce(t, id)
	awaitStock(t, sku, stockLevel{OnHand: 5, Reserved: 0, Available: 5}, 10*time.Second)

	// Shipping now sees the confirmation and the cancellation, in either
	// order: nothing ships, and the order stays cancelled.
	sub := shipping.Spec.Subscriptions[0].Name
	if err := target.cloud.SetSubscriptionEnabled(shipping.Spec.Name, sub, true); err != nil {
		t.Fatal(err)
	}
	awaitShippingCancelled(t, id)
	if status, s := shipment(t, tok, id); status != 404 && (status != 200 || s.Status != "CANCELLED") {
		t.Errorf("the cancelled order's shipment: %d %+v, want none or a cancelled one", status, s)
	}
	if o := order(t, tok, id); o.Status != statusCancelled || o.Version != 3 {
		t.Errorf("after shipping saw it, the order is %s at version %d, want CANCELLED at 3", o.Status, o.Version)
	}
}

func TestAnAuthorisationArrivingAfterTheCancelIsRefundedAndConfirmsNothing(t *testing.T) {
	localOnly(t)
	since := time.Now()
	// Orders hears of the payment only after the customer cancelled.
	hold(t, orders.Spec.Name, "payments")
	tok, id, sku := placedOne(t, 3100, 5)
	awaitPayment(t, id, "AUTHORIZED", 30*time.Second)
	if r := request(t, "POST", "/orders/"+id+"/cancel", tok, "", nil); r.status >= 300 {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	awaitOrder(t, id, statusCancelled, 10*time.Second)
	p := awaitPayment(t, id, "REFUNDED", 30*time.Second)
	if refunds := ledger(id, pspsim.KindRefund); len(refunds) != 1 || refunds[0].ID != p.RefundID || refunds[0].Amount.Amount != 3100 {
		t.Errorf("ledger %+v, want one refund %s of 3100", refunds, p.RefundID)
	}
	authorisedOnce(t, id)

	if err := target.cloud.SetSubscriptionEnabled(orders.Spec.Name, "payments", true); err != nil {
		t.Fatal(err)
	}
	journey(t, id, since, "orders handles the late PaymentAuthorized", func(j trace.Journey) bool {
		return firstSpan(j, handling("orders-events", "PaymentAuthorized")) >= 0
	})
	if o := order(t, tok, id); o.Status != statusCancelled || o.CancelReason != "customer_request" || o.Version != 2 {
		t.Errorf("after the late authorisation the order is %s (%s) at version %d, want CANCELLED (customer_request) at 2", o.Status, o.CancelReason, o.Version)
	}
	awaitStock(t, sku, stockLevel{OnHand: 5, Reserved: 0, Available: 5}, 10*time.Second)
	if status, s := shipment(t, tok, id); status != 404 {
		t.Errorf("a cancelled order has a shipment: %d %+v", status, s)
	}
}
