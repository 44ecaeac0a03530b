package tests

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/client"
	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/internal/openapi"
)

// contract is the API's contract, loaded once; every answer the tests
// receive is checked against it (checkContract).
var contract = sync.OnceValues(func() (*openapi.Contract, error) {
	doc, err := openapi.Document(functions.All(), openapi.LocalServer)
	if err != nil {
		return nil, err
	}
	return openapi.Load(doc)
})

// checkContract fails the test when the answer to req is not one the
// API's contract allows. A request for a route the contract does not
// have must get API Gateway's own 403.
func checkContract(t *testing.T, req *http.Request, resp *http.Response, body []byte) {
	t.Helper()
	c, err := contract()
	if err != nil {
		t.Fatalf("the API's contract: %v", err)
	}
	err = c.CheckResponse(req.Context(), req, resp.StatusCode, resp.Header, body)
	switch {
	case errors.Is(err, openapi.ErrNoRoute) && resp.StatusCode == http.StatusForbidden:
	case err != nil:
		t.Errorf("contract: %v\nbody: %.500s", err, body)
	}
}

// contractChecked is an HTTP client for the generated client that checks
// every answer against the contract.
type contractChecked struct{ t *testing.T }

func (c contractChecked) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	checkContract(c.t, req, resp, body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// apiClient is the generated client, signed in with token (none when
// empty), its answers checked against the contract.
func apiClient(t *testing.T, token string) *client.ClientWithResponses {
	t.Helper()
	opts := []client.ClientOption{client.WithHTTPClient(contractChecked{t})}
	if token != "" {
		opts = append(opts, client.WithBearerToken(token))
	}
	c, err := client.NewClientWithResponses(target.apiURL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTheGatewayServesTheContractOfEveryRoute(t *testing.T) {
	localOnly(t)
	resp, err := http.Get(target.apiURL + openapi.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s without a token: %d %s", openapi.Path, resp.StatusCode, doc)
	}
	c, err := openapi.Load(doc)
	if err != nil {
		t.Fatalf("GET %s is no valid OpenAPI 3.1 document: %v", openapi.Path, err)
	}
	routes, err := openapi.Routes(doc)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, s := range functions.All() {
		for _, r := range s.Routes {
			declared = append(declared, r.Method+" "+r.Path)
		}
	}
	slices.Sort(declared)
	if !slices.Equal(routes, declared) || c.Operations() != len(declared) {
		t.Errorf("the served contract has\n%v\nwant every declared route\n%v", routes, declared)
	}
	if !strings.Contains(string(doc), `"url": "`+target.apiURL+`"`) {
		t.Errorf("the served contract does not name %s as its server", target.apiURL)
	}
}

func TestTheGeneratedClientPlacesAndReadsAnOrder(t *testing.T) {
	localOnly(t)
	holdPayments(t)
	ctx := t.Context()
	admin := apiClient(t, target.adminToken)
	sku := strings.ToUpper(unique("CLIENT"))
	desc := "Placed through the generated client"
	put, err := admin.PutProductWithResponse(ctx, sku, nil, client.ProductRequest{
		Name: "Client mug", Description: &desc, Price: client.PriceRequest{Amount: 1500, Currency: "EUR"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if put.JSON201 == nil || put.JSON201.Sku != sku || put.JSON201.Version != 1 || put.HTTPResponse.Header.Get("ETag") != `"1"` {
		t.Fatalf("PUT /products/%s: %d %s", sku, put.StatusCode(), put.Body)
	}
	stock, err := admin.SetStockWithResponse(ctx, sku, client.StockRequest{OnHand: 5})
	if err != nil || stock.JSON201 == nil || stock.JSON201.Available != 5 {
		t.Fatalf("PUT /inventory/%s: %v %s", sku, err, stock.Body)
	}
	got, err := apiClient(t, "").GetProductWithResponse(ctx, sku)
	if err != nil || got.JSON200 == nil || got.JSON200.Price.Amount != 1500 {
		t.Fatalf("GET /products/%s: %v %s", sku, err, got.Body)
	}
	waitForOrdersCopy(t, sku)

	tok, sub := customer(t)
	buyer := apiClient(t, tok)
	key := unique("key")
	placed, err := buyer.PlaceOrderWithResponse(ctx, &client.PlaceOrderParams{IdempotencyKey: key},
		client.PlaceOrderRequest{Lines: []client.LineRequest{{Sku: sku, Quantity: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	if placed.JSON202 == nil || placed.JSON202.Status != client.OrderResponseStatusPENDING || placed.JSON202.CustomerId != sub ||
		placed.JSON202.Total.Amount != 3000 {
		t.Fatalf("POST /orders: %d %s", placed.StatusCode(), placed.Body)
	}
	id := placed.JSON202.Id.String()
	read, err := buyer.GetOrderWithResponse(ctx, id)
	if err != nil || read.JSON200 == nil || read.JSON200.Id.String() != id || len(read.JSON200.Lines) != 1 {
		t.Fatalf("GET /orders/%s: %v %s", id, err, read.Body)
	}
	mine, err := buyer.ListOrdersWithResponse(ctx, &client.ListOrdersParams{Limit: ptr(10)})
	if err != nil || mine.JSON200 == nil {
		t.Fatalf("GET /orders: %v %s", err, mine.Body)
	}
	cancelled, err := buyer.CancelOrderWithResponse(ctx, id)
	if err != nil || cancelled.JSON200 == nil || cancelled.JSON200.Status != client.OrderResponseStatusCANCELLED {
		t.Fatalf("POST /orders/%s/cancel: %v %s", id, err, cancelled.Body)
	}
	missing, err := buyer.GetOrderWithResponse(ctx, "00000000-0000-4000-8000-000000000000")
	if err != nil || missing.ApplicationproblemJSON404 == nil || missing.ApplicationproblemJSON404.CorrelationId == nil {
		t.Fatalf("GET an unknown order: %v %d %s", err, missing.StatusCode(), missing.Body)
	}
}

func TestARequestRefusedBeforeItRanLeavesItsIdempotencyKeyFree(t *testing.T) {
	localOnly(t)
	holdPayments(t)
	ctx := t.Context()
	sku := orderableProduct(t, 700, 10)
	tok, _ := customer(t)
	buyer := apiClient(t, tok)
	key := unique("key")
	body := fmt.Sprintf(`{"lines":[{"sku":%q,"quantity":1}]}`, sku)
	params := &client.PlaceOrderParams{IdempotencyKey: key}

	refused, err := buyer.PlaceOrderWithBodyWithResponse(ctx, params, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if refused.StatusCode() != http.StatusUnsupportedMediaType {
		t.Fatalf("POST /orders as text/plain with key K: %d %s, want 415", refused.StatusCode(), refused.Body)
	}
	placed, err := buyer.PlaceOrderWithBodyWithResponse(ctx, params, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if placed.StatusCode() != http.StatusAccepted || placed.HTTPResponse.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("the same POST as JSON with key K: %d %s (replayed %q), want 202, run",
			placed.StatusCode(), placed.Body, placed.HTTPResponse.Header.Get("Idempotent-Replayed"))
	}
	again, err := buyer.PlaceOrderWithBodyWithResponse(ctx, params, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if again.StatusCode() != http.StatusAccepted || again.HTTPResponse.Header.Get("Idempotent-Replayed") != "true" ||
		again.JSON202 == nil || placed.JSON202 == nil || again.JSON202.Id != placed.JSON202.Id {
		t.Errorf("its repeat: %d %s, want the same order replayed", again.StatusCode(), again.Body)
	}
}

// waitForOrdersCopy waits until orders holds its copy of the SKU, from
// which it prices orders.
func waitForOrdersCopy(t *testing.T, sku string) {
	t.Helper()
	table := target.cloud.Platform.Tables[orders.Spec.Name].Name
	eventually(t, "orders holds a copy of "+sku, 10*time.Second, func() bool {
		out, err := target.cloud.Clients.DynamoDB.GetItem(t.Context(), &dynamodb.GetItemInput{
			TableName: aws.String(table), ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{
				"pk": &types.AttributeValueMemberS{Value: "PRODUCT#" + sku},
				"sk": &types.AttributeValueMemberS{Value: "PRODUCT"},
			},
		})
		return err == nil && out.Item != nil
	})
}

func ptr[T any](v T) *T { return &v }
