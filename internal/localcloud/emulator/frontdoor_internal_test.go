package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
)

// frontDoorRequests are requests as the functions send them: a signed
// DynamoDB PutItem of an order commit (about 2 KB), a TransactWriteItems
// of ten such items, and a PutEvents of one event.
func frontDoorRequests(tb testing.TB) map[string]func() *http.Request {
	tb.Helper()
	item := map[string]any{"pk": map[string]string{"S": "ORDER#1"}, "sk": map[string]string{"S": "COMMIT#0000000001"}}
	for i := range 20 {
		item[fmt.Sprintf("field%02d", i)] = map[string]string{"S": strings.Repeat("v", 90)}
	}
	put := map[string]any{"ConditionExpression": "attribute_not_exists(#0)", "ExpressionAttributeNames": map[string]string{"#0": "pk"},
		"Item": item, "TableName": "conveyor-local-orders"}
	var transact []any
	for range 10 {
		transact = append(transact, map[string]any{"Put": map[string]any{"Item": item, "TableName": "conveyor-local-orders"}})
	}
	events := map[string]any{"Entries": []any{map[string]any{"Detail": `{"id":"evt-1","type":"OrderPlaced","data":{"orderId":"o-1"}}`,
		"DetailType": "OrderPlaced", "EventBusName": "conveyor-local", "Source": "conveyor.orders",
		"TraceHeader": "Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"}}}
	request := func(target string, body any) func() *http.Request {
		raw, err := json.Marshal(body)
		if err != nil {
			tb.Fatal(err)
		}
		service := "dynamodb"
		if strings.HasPrefix(target, "AWSEvents.") {
			service = "events"
		}
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.Header.Set("X-Amz-Target", target)
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=fn.orders-api/20260101/us-east-1/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
		r.ContentLength = int64(len(raw))
		return func() *http.Request {
			r.Body = io.NopCloser(bytes.NewReader(raw))
			return r
		}
	}
	return map[string]func() *http.Request{
		"PutItem":            request("DynamoDB_20120810.PutItem", put),
		"TransactWriteItems": request("DynamoDB_20120810.TransactWriteItems", map[string]any{"TransactItems": transact}),
		"PutEvents":          request("AWSEvents.PutEvents", events),
	}
}

// BenchmarkFrontDoorHandlers measures what the front door adds to a
// function's request before kumo sees it: resolving and authorising it
// (IAM enforced), and the observers.
func BenchmarkFrontDoorHandlers(b *testing.B) {
	e := &Emulator{}
	if err := e.Enforce(&Enforcement{Principals: map[string]Principal{"orders-api": {Role: "orders-api",
		Statements: []iampolicy.Statement{{Sid: "All", Effect: iampolicy.Allow, Actions: []string{"dynamodb:*", "events:PutEvents"}, Resources: []string{"*"}}}}}}); err != nil {
		b.Fatal(err)
	}
	e.Observe("AWSEvents.PutEvents", func([]byte) {})
	served := 0
	buf := make([]byte, 4096)
	h := e.authorizing(e.observing(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++
		for {
			if _, err := r.Body.Read(buf); err != nil {
				break
			}
		}
	})))
	for name, req := range frontDoorRequests(b) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			w := httptest.NewRecorder()
			for b.Loop() {
				h.ServeHTTP(w, req())
			}
		})
	}
	if served == 0 {
		b.Fatal("no request reached kumo")
	}
}
