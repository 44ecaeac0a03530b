package load

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// seenRequest is what a test server was sent.
type seenRequest struct {
	method, path, body                             string
	authorization, key, correlationID, contentType string
}

// recordingAPI answers POST /orders as the orders API does, and a cancel
// with 200, recording every request.
func recordingAPI(t *testing.T) (*httptest.Server, func() []seenRequest) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []seenRequest
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, seenRequest{method: r.Method, path: r.URL.Path, body: string(b),
			authorization: r.Header.Get("Authorization"), key: r.Header.Get("Idempotency-Key"),
			correlationID: r.Header.Get("X-Correlation-Id"), contentType: r.Header.Get("Content-Type")})
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/cancel") {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusConflict)
			_, _ = io.WriteString(w, `{"type":"urn:conveyor:problem:conflict","title":"Conflict","status":409,"detail":"the order has shipped"}`)
			return
		}
		acceptedOrder(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []seenRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]seenRequest(nil), seen...)
	}
}

func TestAnOrderAndItsCancelCarryTheOrdersKeyAndItsCustomersToken(t *testing.T) {
	srv, seen := recordingAPI(t)
	r := &runner{cfg: Config{RunID: "R", CustomerTokens: []string{"tok-0", "tok-1"}}, api: newAPI(srv.URL, ""),
		tracker: newTracker(nil), progress: io.Discard}
	o := &Order{Seq: 3, Kind: KindCancelEarly, Customer: 1, Lines: []Line{{SKU: "A", Quantity: 2}, {SKU: "B", Quantity: 1}}}
	r.place(context.Background(), o)

	if o.ID != "01a214ae-1686-702b-b308-b189b9cf8cec" || o.Total != 3588 || o.HTTPStatus != http.StatusAccepted || o.Error != "" {
		t.Errorf("the order as the answer left it: %+v", o)
	}
	if o.CancelStatus != http.StatusConflict || !o.cancelAsked {
		t.Errorf("the cancel: status %d, asked %v, error %q", o.CancelStatus, o.cancelAsked, o.CancelError)
	}
	got := seen()
	if len(got) != 2 {
		t.Fatalf("%d requests, want the order and its cancel: %+v", len(got), got)
	}
	want := []seenRequest{
		{method: "POST", path: "/orders", body: `{"lines":[{"quantity":2,"sku":"A"},{"quantity":1,"sku":"B"}]}`,
			authorization: "Bearer tok-1", key: "load-R-3", correlationID: "load-R-3", contentType: "application/json"},
		{method: "POST", path: "/orders/01a214ae-1686-702b-b308-b189b9cf8cec/cancel",
			authorization: "Bearer tok-1", correlationID: "load-R-3"},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestAnAnswerCutOffIsNoAnswerAndOneOutsideTheContractIsAnAnswer(t *testing.T) {
	cutOff := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "500")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"id":"01a214ae-`)
		w.(http.Flusher).Flush()
		// The connection drops in the middle of the body, as when the
		// gateway's process dies.
		panic(http.ErrAbortHandler)
	}))
	defer cutOff.Close()
	strange := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"id":"order-7"}`)
	}))
	defer strange.Close()
	lines := []Line{{SKU: "A", Quantity: 1}}

	t.Run("a body cut off is a lost answer, which a chaos run sends again", func(t *testing.T) {
		ans, p, err := newAPI(cutOff.URL, "").place(context.Background(), "tok", "k", lines)
		if err == nil || ans.status != 0 || p.ID != "" {
			t.Errorf("answer %v, placed %+v, error %v; want no answer", ans, p, err)
		}
	})
	t.Run("a whole body the contract does not describe is an answer, and no order", func(t *testing.T) {
		ans, p, err := newAPI(strange.URL, "").place(context.Background(), "tok", "k", lines)
		if err != nil || ans.status != http.StatusAccepted || p.ID != "" || !strings.Contains(ans.String(), "contract") {
			t.Errorf("answer %v, placed %+v, error %v; want a 202 that placed nothing", ans, p, err)
		}
	})
}
