package tests

import (
	"fmt"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

// paymentView is GET /payments/{orderId}.
type paymentView struct {
	OrderID         string `json:"orderId"`
	Status          string `json:"status"`
	AuthorizationID string `json:"authorizationId"`
	RefundID        string `json:"refundId"`
	DeclineReason   string `json:"declineReason"`
	Attempts        int    `json:"attempts"`
}

// payment reads an order's payment as an admin; ok is false while
// payments knows nothing of the order.
func payment(t *testing.T, orderID string) (paymentView, bool) {
	t.Helper()
	r := request(t, "GET", "/payments/"+orderID, target.adminToken, "", nil)
	switch r.status {
	case 200:
		return decode[paymentView](t, r.body), true
	case 404:
		return paymentView{}, false
	}
	t.Fatalf("GET /payments/%s: %d %s", orderID, r.status, r.body)
	return paymentView{}, false
}

// awaitPayment waits until the order's payment has the status.
func awaitPayment(t *testing.T, orderID, status string, timeout time.Duration) paymentView {
	t.Helper()
	var p paymentView
	eventually(t, "the payment of "+orderID+" is "+status, timeout, func() bool {
		p, _ = payment(t, orderID)
		return p.Status == status
	})
	return p
}

// ledger returns the provider's entries of the kind for the order.
func ledger(orderID, kind string) []pspsim.Entry {
	var out []pspsim.Entry
	for _, e := range target.cloud.PSP.Ledger() {
		if e.OrderID == orderID && e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// providerFaults sets the simulator's switches for the rest of the test.
func providerFaults(t *testing.T, f pspsim.Faults) {
	t.Helper()
	if err := target.cloud.PSP.SetFaults(f); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = target.cloud.PSP.SetFaults(pspsim.Faults{}) })
}

// reservedOrder places a one-line order of a new product at amount and
// returns the customer's token and the order id.
func reservedOrder(t *testing.T, amount int64) (string, string) {
	t.Helper()
	sku := orderableProduct(t, amount, 5)
	tok, _ := customer(t)
	placed := placeOrder(t, tok, fmt.Sprintf(`[{"sku":%q,"quantity":1}]`, sku))
	if placed.status != 202 {
		t.Fatalf("place order: %d %s", placed.status, placed.body)
	}
	return tok, decode[orderView](t, placed.body).ID
}

// breakerState is the payment provider's breaker as GET /health/payments
// reports it.
func breakerState(t *testing.T) string {
	t.Helper()
	r := request(t, "GET", "/health/payments", "", "", nil)
	if r.status != 200 {
		t.Fatalf("GET /health/payments: %d %s", r.status, r.body)
	}
	return decode[struct {
		Breaker string `json:"breaker"`
	}](t, r.body).Breaker
}

func TestPaymentsAuthoriseOnceAndDeclineWithAReason(t *testing.T) {
	localOnly(t)
	t.Run("a reserved order is authorised exactly once", func(t *testing.T) {
		_, id := reservedOrder(t, 1250)
		p := awaitPayment(t, id, "AUTHORIZED", 30*time.Second)
		auths := ledger(id, pspsim.KindAuthorization)
		if len(auths) != 1 || auths[0].ID != p.AuthorizationID || auths[0].Amount.Amount != 1250 {
			t.Fatalf("ledger %+v, want one authorisation %s of 1250", auths, p.AuthorizationID)
		}
	})
	t.Run("an amount above the provider's limit is declined with the provider's reason and never charged", func(t *testing.T) {
		providerFaults(t, pspsim.Faults{DeclineAbove: 50_000})
		_, id := reservedOrder(t, 90_000)
		p := awaitPayment(t, id, "DECLINED", 30*time.Second)
		if p.DeclineReason != pspsim.ReasonAmountLimit || len(ledger(id, pspsim.KindAuthorization)) != 0 {
			t.Fatalf("payment %+v, ledger %+v: want declined %s with no authorisation", p, ledger(id, pspsim.KindAuthorization), pspsim.ReasonAmountLimit)
		}
	})
	t.Run("payments of other customers are admin-only", func(t *testing.T) {
		tok, id := reservedOrder(t, 300)
		if r := request(t, "GET", "/payments/"+id, tok, "", nil); r.status != 403 {
			t.Fatalf("a customer reads a payment: %d %s", r.status, r.body)
		}
	})
}

func TestPaymentsRideOutATenSecondProviderOutage(t *testing.T) {
	localOnly(t)
	providerFaults(t, pspsim.Faults{Outage: true})
	healed := make(chan struct{})
	time.AfterFunc(10*time.Second, func() {
		_ = target.cloud.PSP.SetFaults(pspsim.Faults{})
		close(healed)
	})
	var ids []string
	for range 3 {
		_, id := reservedOrder(t, 700)
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
		awaitPayment(t, id, "AUTHORIZED", 60*time.Second)
		if n := len(ledger(id, pspsim.KindAuthorization)); n != 1 {
			t.Errorf("order %s has %d authorisations, want 1", id, n)
		}
	}
	eventually(t, "the breaker is closed again", 20*time.Second, func() bool { return breakerState(t) == "closed" })
}

func TestASlowProviderIsRetriedAndNeverChargesTwice(t *testing.T) {
	localOnly(t)
	providerFaults(t, pspsim.Faults{LatencyMS: 2500})
	_, id := reservedOrder(t, 990)
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
	p := awaitPayment(t, id, "AUTHORIZED", 60*time.Second)
	auths := ledger(id, pspsim.KindAuthorization)
	if len(auths) != 1 || auths[0].ID != p.AuthorizationID {
		t.Fatalf("ledger %+v, want the one authorisation %s", auths, p.AuthorizationID)
	}
}

func TestACancelAfterAuthorisationRefundsOnce(t *testing.T) {
	localOnly(t)
	tok, id := reservedOrder(t, 4200)
	awaitPayment(t, id, "AUTHORIZED", 30*time.Second)
	if r := request(t, "POST", "/orders/"+id+"/cancel", tok, "", nil); r.status >= 300 {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	p := awaitPayment(t, id, "REFUNDED", 30*time.Second)
	refunds := ledger(id, pspsim.KindRefund)
	if len(refunds) != 1 || refunds[0].ID != p.RefundID || refunds[0].Amount.Amount != 4200 {
		t.Fatalf("ledger %+v, want one refund %s of 4200", refunds, p.RefundID)
	}
}
