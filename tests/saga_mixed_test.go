package tests

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// mixedOrder is one order of the mixed run, as the test placed it.
type mixedOrder struct {
	id, token string
	lines     map[string]int
	// cancel: 0 never, 1 right after placing it, 2 once it left PENDING.
	cancel int
	final  orderView
}

func TestTwoHundredMixedOrdersEachEndShippedOrCancelledWithStockAndMoneyRight(t *testing.T) {
	localOnly(t)
	const orders = 200
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 7))

	// Plenty of A and B, little C (some orders are out of stock), and D
	// priced above the provider's limit (its orders are declined).
	type product struct {
		price  int64
		onHand int64
	}
	catalogue := []product{{1000, 400}, {2500, 400}, {1500, 15}, {60_000, 100}}
	skus := make([]string, len(catalogue))
	for i, p := range catalogue {
		skus[i] = orderableProduct(t, p.price, int(p.onHand))
	}
	providerFaults(t, pspsim.Faults{DeclineAbove: 50_000, ErrorRate: 0.1})
	tokens := make([]string, 8)
	for i := range tokens {
		tokens[i], _ = customer(t)
	}

	placed := make([]*mixedOrder, 0, orders)
	started := time.Now()
	for range orders {
		o := &mixedOrder{token: tokens[rnd.IntN(len(tokens))], lines: map[string]int{}}
		if rnd.IntN(10) == 0 {
			o.lines[skus[3]] = 1
		} else {
			for range 1 + rnd.IntN(2) {
				// One line in ten is of the scarce C.
				pick := rnd.IntN(2)
				if rnd.IntN(10) == 0 {
					pick = 2
				}
				o.lines[skus[pick]] += 1 + rnd.IntN(3)
			}
		}
		switch r := rnd.IntN(100); {
		case r < 8:
			o.cancel = 1
		case r < 16:
			o.cancel = 2
		}
		var lines []string
		for sku, q := range o.lines {
			lines = append(lines, fmt.Sprintf(`{"sku":%q,"quantity":%d}`, sku, q))
		}
		r := placeOrder(t, o.token, "["+strings.Join(lines, ",")+"]")
		if r.status != 202 {
			t.Fatalf("place order %d: %d %s", len(placed), r.status, r.body)
		}
		o.id = decode[orderView](t, r.body).ID
		if o.cancel == 1 {
			cancelAsCustomer(t, o)
		}
		placed = append(placed, o)
	}
	t.Logf("placed %d orders in %s", orders, time.Since(started).Round(time.Millisecond))

	// The late cancels come once the saga moved the order on: some find it
	// confirmed, some shipped or cancelled already.
	for _, o := range placed {
		if o.cancel != 2 {
			continue
		}
		eventually(t, "order "+o.id+" leaves PENDING", 2*time.Minute, func() bool {
			return order(t, target.adminToken, o.id).Status != "PENDING"
		})
		cancelAsCustomer(t, o)
	}

	pending := map[string]*mixedOrder{}
	for _, o := range placed {
		pending[o.id] = o
	}
	eventually(t, "every order is SHIPPED or CANCELLED", 3*time.Minute, func() bool {
		for id, o := range pending {
			v := order(t, target.adminToken, id)
			if v.Status == statusShipped || v.Status == statusCancelled {
				o.final = v
				delete(pending, id)
			}
		}
		return len(pending) == 0
	})
	t.Logf("every order ended after %s", time.Since(started).Round(time.Millisecond))

	outcomes := map[string]int{}
	sold := map[string]int64{}
	var shippedTotal int64
	ids := map[string]bool{}
	for _, o := range placed {
		ids[o.id] = true
		key := o.final.Status
		if o.final.Status == statusCancelled {
			key += " " + o.final.CancelReason
		}
		outcomes[key]++
		if o.final.Status == statusShipped {
			shippedTotal += o.final.Total.Amount
			for sku, q := range o.lines {
				sold[sku] += int64(q)
			}
		}
	}
	t.Logf("outcomes %v", outcomes)
	providerErrors := metricSum(started, payments.SagaFunction, metrics.MetricProviderErrors)
	t.Logf("the provider failed %v calls, each retried or parked", providerErrors)

	t.Run("the run mixes every outcome, through random provider errors", func(t *testing.T) {
		if providerErrors == 0 {
			t.Errorf("no provider call failed: the run did not go through the provider's random errors")
		}
		for _, want := range []string{statusShipped, "CANCELLED out_of_stock", "CANCELLED payment_declined", "CANCELLED customer_request"} {
			if outcomes[want] == 0 {
				t.Errorf("no order ended %s: %v", want, outcomes)
			}
		}
	})
	t.Run("stock is conserved: what left the shelves is what shipped, and nothing stays reserved", func(t *testing.T) {
		for i, sku := range skus {
			left := catalogue[i].onHand - sold[sku]
			awaitStock(t, sku, stockLevel{OnHand: left, Reserved: 0, Available: left}, 30*time.Second)
		}
	})
	t.Run("authorised minus refunded and voided is the total of the shipped orders", func(t *testing.T) {
		var auth, refunded, voided int64
		poll.Within(30*time.Second, func() bool {
			auth, refunded = ledgerTotal(ids, pspsim.KindAuthorization), ledgerTotal(ids, pspsim.KindRefund)
			voided = ledgerTotal(ids, pspsim.KindVoid)
			return auth-refunded-voided == shippedTotal
		})
		if auth-refunded-voided != shippedTotal {
			t.Errorf("authorised %d - refunded %d - voided %d = %d, shipped orders total %d",
				auth, refunded, voided, auth-refunded-voided, shippedTotal)
		}
	})
	t.Run("no order was authorised, refunded or voided twice", func(t *testing.T) {
		for kind, counts := range map[string]map[string]int{
			pspsim.KindAuthorization: ledgerCounts(pspsim.KindAuthorization),
			pspsim.KindRefund:        ledgerCounts(pspsim.KindRefund),
			pspsim.KindVoid:          ledgerCounts(pspsim.KindVoid),
		} {
			for id := range ids {
				if counts[id] > 1 {
					t.Errorf("order %s has %d entries of kind %s", id, counts[id], kind)
				}
			}
		}
	})
	t.Run("a shipped order has its one scheduled shipment and a cancelled one none that leaves", func(t *testing.T) {
		shipments := map[string]string{}
		for _, o := range placed {
			if o.final.Status == statusCancelled && o.final.Version == 3 {
				// Confirmed, then cancelled by its customer.
				awaitShippingCancelled(t, o.id)
			}
			status, s := shipment(t, target.adminToken, o.id)
			switch {
			case o.final.Status == statusShipped && (status != 200 || s.OrderID != o.id || s.Status != "SCHEDULED"):
				t.Errorf("shipped order %s: shipment %d %+v", o.id, status, s)
			case o.final.Status == statusCancelled && o.final.Version == 2 && status != 404:
				t.Errorf("order %s, cancelled before confirmation, has a shipment: %d %+v", o.id, status, s)
			case o.final.Status == statusCancelled && status != 404 && s.Status != "CANCELLED":
				t.Errorf("order %s, cancelled after confirmation, has a shipment that leaves: %+v", o.id, s)
			}
			if status == 200 {
				if other, dup := shipments[s.ShipmentID]; dup {
					t.Errorf("orders %s and %s share shipment %s", other, o.id, s.ShipmentID)
				}
				shipments[s.ShipmentID] = o.id
			}
		}
	})
	t.Run("every dead-letter queue is empty", func(t *testing.T) {
		emptyDLQs(t)
	})
}

// cancelAsCustomer asks for the order's cancellation as its customer; an
// order the saga finished first answers 409.
func cancelAsCustomer(t *testing.T, o *mixedOrder) {
	t.Helper()
	r := request(t, "POST", "/orders/"+o.id+"/cancel", o.token, "", nil)
	if r.status >= 300 && r.status != 409 {
		t.Fatalf("cancel %s: %d %s", o.id, r.status, r.body)
	}
}
