package tests

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// The order statuses a saga ends in.
const (
	statusConfirmed = "CONFIRMED"
	statusShipped   = "SHIPPED"
	statusCancelled = "CANCELLED"
)

// shipmentView is GET /shipments/{orderId}.
type shipmentView struct {
	OrderID    string `json:"orderId"`
	ShipmentID string `json:"shipmentId"`
	Carrier    string `json:"carrier"`
	TrackingID string `json:"trackingId"`
	Status     string `json:"status"`
	Lines      []struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	} `json:"lines"`
}

// awaitOrder waits until the order, read as an admin, has the status, and
// fails at once when it ends in another final status.
func awaitOrder(t *testing.T, orderID, status string, timeout time.Duration) orderView {
	t.Helper()
	var o orderView
	eventually(t, "order "+orderID+" is "+status, timeout, func() bool {
		o = order(t, target.adminToken, orderID)
		if o.Status != status && (o.Status == statusShipped || (o.Status == statusCancelled && status != statusCancelled)) {
			t.Fatalf("order %s ended %s (%s), want %s", orderID, o.Status, o.CancelReason, status)
		}
		return o.Status == status
	})
	return o
}

// shipment reads an order's shipment as token's holder and returns the
// status and, on 200, the shipment.
func shipment(t *testing.T, token, orderID string) (int, shipmentView) {
	t.Helper()
	r := request(t, "GET", "/shipments/"+orderID, token, "", nil)
	if r.status != 200 {
		return r.status, shipmentView{}
	}
	return r.status, decode[shipmentView](t, r.body)
}

// awaitStock waits until the SKU's stock is want.
func awaitStock(t *testing.T, sku string, want stockLevel, timeout time.Duration) {
	t.Helper()
	var got stockLevel
	if !poll.Within(timeout, func() bool { got = stock(t, sku); return got == want }) {
		t.Fatalf("stock of %s is %+v after %s, want %+v", sku, got, timeout, want)
	}
}

// ledgerTotal sums the amounts of the provider's entries of the kind for
// the orders.
func ledgerTotal(orderIDs map[string]bool, kind string) int64 {
	var sum int64
	for _, e := range target.cloud.PSP.Ledger() {
		if orderIDs[e.OrderID] && e.Kind == kind {
			sum += e.Amount.Amount
		}
	}
	return sum
}

// ledgerCounts counts the provider's entries of the kind per order.
func ledgerCounts(kind string) map[string]int {
	n := map[string]int{}
	for _, e := range target.cloud.PSP.Ledger() {
		if e.Kind == kind {
			n[e.OrderID]++
		}
	}
	return n
}

// awaitShippingCancelled waits until shipping has recorded the order's
// cancellation: its item in the shipping table (a cancelled shipment, or
// the mark that keeps a late confirmation from scheduling one) says
// CANCELLED.
func awaitShippingCancelled(t *testing.T, orderID string) {
	t.Helper()
	table := target.cloud.Platform.Tables[shipping.Spec.Name].Name
	eventually(t, "shipping records the cancellation of "+orderID, 30*time.Second, func() bool {
		out, err := target.cloud.Clients.DynamoDB.GetItem(t.Context(), &dynamodb.GetItemInput{
			TableName: aws.String(table), ConsistentRead: aws.Bool(true),
			Key: map[string]dbtypes.AttributeValue{
				"pk": &dbtypes.AttributeValueMemberS{Value: "SHIPMENT#" + orderID},
				"sk": &dbtypes.AttributeValueMemberS{Value: "SHIPMENT"},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		status, ok := out.Item["status"].(*dbtypes.AttributeValueMemberS)
		return ok && status.Value == "CANCELLED"
	})
}

// emptyDLQs fails the test when any subscription's dead-letter queue
// holds a message.
func emptyDLQs(t *testing.T) {
	t.Helper()
	for key, q := range target.cloud.Platform.Queues {
		out, err := target.cloud.Clients.SQS.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(q.DLQURL),
			AttributeNames: []sqstypes.QueueAttributeName{
				sqstypes.QueueAttributeNameApproximateNumberOfMessages,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
			},
		})
		if err != nil {
			t.Fatalf("DLQ of %s: %v", key, err)
		}
		for _, a := range out.Attributes {
			if a != "0" {
				t.Errorf("the DLQ of %s holds messages: %v", key, out.Attributes)
				break
			}
		}
	}
}

// breakerMoves returns the states the payment provider's breaker moved
// to since a time, as payments-saga logged them and as it counted them in
// its EMF metrics.
func breakerMoves(since time.Time) (logged, counted []string) {
	for _, l := range target.cloud.FunctionLogs(since) {
		if l.Function != payments.SagaFunction {
			continue
		}
		var rec map[string]any
		if json.Unmarshal(l.Line, &rec) != nil {
			continue
		}
		if _, emf := rec["_aws"]; emf {
			if n, ok := rec[metrics.MetricBreakerStateChanges].(float64); ok && n > 0 {
				if s, ok := rec[metrics.DimState].(string); ok {
					counted = append(counted, s)
				}
			}
			continue
		}
		if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, "circuit breaker ") {
			if to, ok := rec["to"].(string); ok {
				logged = append(logged, to)
			}
		}
	}
	return logged, counted
}

// metricSum adds up a metric the function wrote in its EMF records since
// a time.
func metricSum(since time.Time, function, metric string) float64 {
	var sum float64
	for _, l := range target.cloud.FunctionLogs(since) {
		if l.Function != function {
			continue
		}
		var rec map[string]any
		if json.Unmarshal(l.Line, &rec) != nil || rec["_aws"] == nil {
			continue
		}
		switch v := rec[metric].(type) {
		case float64:
			sum += v
		case []any:
			for _, x := range v {
				if f, ok := x.(float64); ok {
					sum += f
				}
			}
		}
	}
	return sum
}

// placedOne places an order of one unit of a new product at amount, with
// onHand units in stock, and returns the customer's token, the order id
// and the SKU.
func placedOne(t *testing.T, amount int64, onHand int) (tok, id, sku string) {
	t.Helper()
	sku = orderableProduct(t, amount, onHand)
	tok, _ = customer(t)
	placed := placeOrder(t, tok, `[{"sku":"`+sku+`","quantity":1}]`)
	if placed.status != 202 {
		t.Fatalf("place order: %d %s", placed.status, placed.body)
	}
	return tok, decode[orderView](t, placed.body).ID, sku
}

// authorisedOnce fails unless the provider's ledger holds exactly one
// authorisation for the order, the payment's.
func authorisedOnce(t *testing.T, orderID string) {
	t.Helper()
	auths := ledger(orderID, pspsim.KindAuthorization)
	p, _ := payment(t, orderID)
	if len(auths) != 1 || auths[0].ID != p.AuthorizationID {
		t.Errorf("order %s: ledger %+v, payment %+v; want the payment's one authorisation", orderID, auths, p)
	}
}

// hasAll reports whether every wanted value is in got.
func hasAll(got []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}
