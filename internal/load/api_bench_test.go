package load

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// acceptedOrder is the orders API's answer to POST /orders, as it sends
// it: status, headers and body.
func acceptedOrder(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	const id = "01a214ae-1686-702b-b308-b189b9cf8cec"
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Location", "/orders/"+id)
	h.Set("X-Correlation-Id", "c-1")
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"id":"`+id+`","customerId":"load-B-customer-0","status":"PENDING",`+
		`"lines":[{"sku":"LOAD-B-R0","quantity":2,"unitPrice":{"amount":1299,"currency":"EUR"},"subtotal":{"amount":2598,"currency":"EUR"}},`+
		`{"sku":"LOAD-B-R1","quantity":1,"unitPrice":{"amount":990,"currency":"EUR"},"subtotal":{"amount":990,"currency":"EUR"}}],`+
		`"total":{"amount":3588,"currency":"EUR"},"placedAt":"2026-12-01T10:00:00.123Z","updatedAt":"2026-12-01T10:00:00.123Z","version":1}`)
}

// BenchmarkPlaceOneOrder places one order through the run's request
// path (the request, its answer decoded, the order followed) against a
// server that answers as the orders API does. Its allocations are the
// load tool's cost per order, plus the test server's, the same for
// every version of the client side.
func BenchmarkPlaceOneOrder(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(acceptedOrder))
	defer srv.Close()
	r := &runner{cfg: Config{RunID: "B", CustomerTokens: []string{"tok"}}, api: newAPI(srv.URL, ""),
		tracker: newTracker(nil), progress: io.Discard}
	ctx := context.Background()
	lines := []Line{{SKU: "LOAD-B-R0", Quantity: 2}, {SKU: "LOAD-B-R1", Quantity: 1}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		o := &Order{Seq: i, Kind: KindRegular, Lines: lines}
		r.send(ctx, o, retryFor)
		if !o.Accepted() || o.Total != 3588 {
			b.Fatalf("order %d: %s", i, o.Error)
		}
	}
}
