package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// apiResponse is one answer of the API.
type apiResponse struct {
	status int
	header http.Header
	body   string
}

// request sends one request to the API with extra headers.
func request(t *testing.T, method, path, token, body string, headers map[string]string) apiResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target.apiURL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, req, resp, b)
	return apiResponse{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// orderView is an order as the API answers it.
type orderView struct {
	ID           string `json:"id"`
	CustomerID   string `json:"customerId"`
	Status       string `json:"status"`
	CancelReason string `json:"cancelReason"`
	Lines        []struct {
		SKU       string `json:"sku"`
		Quantity  int    `json:"quantity"`
		UnitPrice struct {
			Amount   int64  `json:"amount"`
			Currency string `json:"currency"`
		} `json:"unitPrice"`
	} `json:"lines"`
	Total struct {
		Amount   int64  `json:"amount"`
		Currency string `json:"currency"`
	} `json:"total"`
	PlacedAt string `json:"placedAt"`
	Version  int64  `json:"version"`
}

// orderPage is a page of GET /orders.
type orderPage struct {
	Items      []orderView `json:"items"`
	NextCursor string      `json:"nextCursor"`
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return v
}

var uniq atomic.Int64

// unique returns a name no other test run uses.
func unique(prefix string) string {
	return fmt.Sprintf("%s-%d-%d", prefix, time.Now().UnixNano()%1_000_000_000, uniq.Add(1))
}

// customer returns a token for a new customer and the customer's id.
func customer(t *testing.T) (string, string) {
	t.Helper()
	sub := unique("customer")
	tok, err := target.cloud.Token(sub, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok, sub
}

// orderableProduct creates a product in the catalog with onHand units in
// stock, and waits until orders holds its copy.
func orderableProduct(t *testing.T, amount int64, onHand int) string {
	t.Helper()
	sku := strings.ToUpper(unique("E2E"))
	p := request(t, "PUT", "/products/"+sku, target.adminToken,
		fmt.Sprintf(`{"name":"Order test %s","price":{"amount":%d,"currency":"EUR"}}`, sku, amount), nil)
	if p.status != 200 && p.status != 201 {
		t.Fatalf("create product: %d %s", p.status, p.body)
	}
	s := request(t, "PUT", "/inventory/"+sku, target.adminToken, fmt.Sprintf(`{"onHand":%d}`, onHand), nil)
	if s.status != 200 && s.status != 201 {
		t.Fatalf("set stock: %d %s", s.status, s.body)
	}
	db := target.cloud.Clients.DynamoDB
	table := target.cloud.Platform.Tables[orders.Spec.Name].Name
	eventually(t, "orders holds a copy of "+sku, 10*time.Second, func() bool {
		out, err := db.GetItem(t.Context(), &dynamodb.GetItemInput{
			TableName: aws.String(table), ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{
				"pk": &types.AttributeValueMemberS{Value: "PRODUCT#" + sku},
				"sk": &types.AttributeValueMemberS{Value: "PRODUCT"},
			},
		})
		return err == nil && out.Item != nil
	})
	return sku
}

// placeOrder posts an order of the lines with a new Idempotency-Key.
func placeOrder(t *testing.T, token, lines string) apiResponse {
	t.Helper()
	return request(t, "POST", "/orders", token, `{"lines":`+lines+`}`, map[string]string{"Idempotency-Key": unique("key")})
}

// stockLevel is GET /inventory/{sku}.
type stockLevel struct {
	OnHand    int64 `json:"onHand"`
	Reserved  int64 `json:"reserved"`
	Available int64 `json:"available"`
}

// stock reads the SKU's stock and fails the test when the invariant
// onHand = available + reserved does not hold.
func stock(t *testing.T, sku string) stockLevel {
	t.Helper()
	r := request(t, "GET", "/inventory/"+sku, "", "", nil)
	if r.status != 200 {
		t.Fatalf("stock of %s: %d %s", sku, r.status, r.body)
	}
	s := decode[stockLevel](t, r.body)
	if s.OnHand != s.Available+s.Reserved || s.Reserved < 0 || s.Available < 0 {
		t.Fatalf("stock of %s breaks onHand = available + reserved: %+v", sku, s)
	}
	return s
}

// order reads one order as token's holder.
func order(t *testing.T, token, id string) orderView {
	t.Helper()
	r := request(t, "GET", "/orders/"+id, token, "", nil)
	if r.status != 200 {
		t.Fatalf("GET /orders/%s: %d %s", id, r.status, r.body)
	}
	return decode[orderView](t, r.body)
}

// inventoryDrained waits until inventory's queue of order events holds
// no message, visible or in flight: every order event published so far
// has been handled.
func inventoryDrained(t *testing.T) {
	t.Helper()
	sub, ok := findSubscription(inventory.Spec.Subscriptions, inventory.OrderEventsSubscription)
	if !ok {
		t.Fatal("inventory declares no order-events subscription")
	}
	q := target.cloud.Platform.Queues[provision.QueueKey(inventory.Spec, sub)]
	eventually(t, "inventory's queue is drained", 30*time.Second, func() bool {
		out, err := target.cloud.Clients.SQS.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(q.URL),
			AttributeNames: []sqstypes.QueueAttributeName{
				sqstypes.QueueAttributeNameApproximateNumberOfMessages,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)] == "0" &&
			out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible)] == "0"
	})
}

// findSubscription returns the subscription with the name.
func findSubscription(subs []spec.Subscription, name string) (spec.Subscription, bool) {
	for _, s := range subs {
		if s.Name == name {
			return s, true
		}
	}
	return spec.Subscription{}, false
}
