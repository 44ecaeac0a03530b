package tests

import (
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
	tok, id, _ := placedOne(t, amount, 5)
	return tok, id
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

func TestAPaymentIsShownToAdminsOnly(t *testing.T) {
	localOnly(t)
	tok, id, _ := placedOne(t, 300, 5)
	p := awaitPayment(t, id, "AUTHORIZED", 30*time.Second)
	if p.OrderID != id || p.AuthorizationID == "" {
		t.Errorf("an admin reads payment %+v", p)
	}
	if r := request(t, "GET", "/payments/"+id, tok, "", nil); r.status != 403 {
		t.Errorf("the order's customer reads its payment: %d %s", r.status, r.body)
	}
	if r := request(t, "GET", "/payments/"+id, "", "", nil); r.status != 401 {
		t.Errorf("an anonymous caller reads a payment: %d %s", r.status, r.body)
	}
}
