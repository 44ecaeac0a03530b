package idempotency_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
)

// ordersAPI creates an order per call and answers 201 with its number, or
// 503 when the body asks it to fail.
func ordersAPI(calls *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		n := calls.Add(1)
		if strings.Contains(string(body), "fail") {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Location", fmt.Sprintf("/orders/%d", n))
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"order":%d}`, n)
	})
}

func post(t *testing.T, h http.Handler, key, subject, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/orders", strings.NewReader(body))
	if key != "" {
		r.Header.Set(idempotency.Header, key)
	}
	r.Header.Set("X-Subject", subject)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHTTPCommandsWithAnIdempotencyKey(t *testing.T) {
	var calls atomic.Int32
	h := idempotency.HTTP(newStore(t, nil), idempotency.HTTPOptions{
		Scope:   "orders-api",
		Subject: func(r *http.Request) string { return r.Header.Get("X-Subject") },
	})(ordersAPI(&calls))

	first := post(t, h, "key-1", "alice", `{"sku":"MUG"}`)
	if first.Code != http.StatusCreated || first.Body.String() != `{"order":1}` {
		t.Fatalf("first request: %d %s", first.Code, first.Body)
	}
	tests := []struct {
		name          string
		key, subject  string
		body          string
		wantStatus    int
		wantBody      string
		wantReplayed  bool
		wantCallsMade int32
	}{
		{"the same key and body get the same response", "key-1", "alice", `{"sku":"MUG"}`, 201, `{"order":1}`, true, 1},
		{"the same key with another body is refused with 422", "key-1", "alice", `{"sku":"TEA"}`, 422, "", false, 1},
		{"another caller's same key is a new request", "key-1", "bob", `{"sku":"MUG"}`, 201, `{"order":2}`, false, 2},
		{"a request without a key always runs", "", "alice", `{"sku":"MUG"}`, 201, `{"order":3}`, false, 3},
		{"a key that is too long is refused with 400", strings.Repeat("k", 256), "alice", `{}`, 400, "", false, 3},
		{"a failed response is not kept", "key-2", "alice", `fail`, 503, "", false, 4},
		{"so the retry of a failed request runs", "key-2", "alice", `fail`, 503, "", false, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := post(t, h, tt.key, tt.subject, tt.body)
			if w.Code != tt.wantStatus {
				t.Errorf("status %d, want %d (%s)", w.Code, tt.wantStatus, w.Body)
			}
			if tt.wantBody != "" && w.Body.String() != tt.wantBody {
				t.Errorf("body %s, want %s", w.Body, tt.wantBody)
			}
			if got := w.Header().Get(idempotency.ReplayedHeader) == "true"; got != tt.wantReplayed {
				t.Errorf("replayed header %v, want %v", got, tt.wantReplayed)
			}
			if tt.wantReplayed && w.Header().Get("Location") != first.Header().Get("Location") {
				t.Errorf("replayed Location %q, want %q", w.Header().Get("Location"), first.Header().Get("Location"))
			}
			if w.Code >= 400 && w.Code != 503 && w.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("an error answered as %s", w.Header().Get("Content-Type"))
			}
			if got := calls.Load(); got != tt.wantCallsMade {
				t.Errorf("the handler ran %d times in all, want %d", got, tt.wantCallsMade)
			}
		})
	}
}

func TestAResponseTheHandlerDiscardsIsNotKept(t *testing.T) {
	var calls atomic.Int32
	h := idempotency.HTTP(newStore(t, nil), idempotency.HTTPOptions{Scope: "orders-api"})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		if string(body) == "someone else's" {
			// The key turns out to belong to another request.
			idempotency.Discard(r)
			http.Error(w, "key reused", http.StatusUnprocessableEntity)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	if w := post(t, h, "key-1", "", "someone else's"); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("the discarded request: %d", w.Code)
	}
	w := post(t, h, "key-1", "", "mine")
	if w.Code != http.StatusCreated || w.Header().Get(idempotency.ReplayedHeader) != "" || calls.Load() != 2 {
		t.Errorf("the key's own request after a discarded one: %d, replayed %q, %d calls; want it run: 201 and 2 calls",
			w.Code, w.Header().Get(idempotency.ReplayedHeader), calls.Load())
	}
}

// placeOrderAPI decodes its body as the orders API does and answers 202,
// or 422 when the order has no lines: a refusal of the operation itself.
func placeOrderAPI(calls *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Lines []string `json:"lines"`
		}
		if err := httpapi.DecodeJSON(r, &req, 64); err != nil {
			httpapi.WriteError(w, r, nil, err)
			return
		}
		n := calls.Add(1)
		if len(req.Lines) == 0 {
			httpapi.WriteError(w, r, nil, apperr.New(apperr.Unprocessable, "an order needs a line"))
			return
		}
		_ = httpapi.WriteJSON(w, http.StatusAccepted, map[string]int32{"order": n})
	})
}

func postAs(t *testing.T, h http.Handler, key, contentType, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/orders", strings.NewReader(body))
	r.Header.Set(idempotency.Header, key)
	r.Header.Set("Content-Type", contentType)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestAKeyKeepsOnlyTheAnswersOfRequestsThatRan(t *testing.T) {
	h := func(calls *atomic.Int32) http.Handler {
		return idempotency.HTTP(newStore(t, nil), idempotency.HTTPOptions{Scope: "orders-api"})(placeOrderAPI(calls))
	}
	const order = `{"lines":["MUG"]}`
	refusals := []struct {
		name             string
		contentType      string
		body, fixedBody  string
		wantRefusal      int
		wantFixedAnswers int
	}{
		{"a body sent as text/plain is refused with 415, and the retry sent as JSON runs", "text/plain", order, order, 415, 202},
		{"a body that is not JSON is refused with 400, and the fixed retry runs", "application/json", `{"lines":[`, order, 400, 202},
		{"a body over the limit is refused with 413, and the shorter retry runs", "application/json", `{"lines":["` + strings.Repeat("M", 80) + `"]}`, order, 413, 202},
		{"a field the operation does not know is refused with 400, and the fixed retry runs", "application/json", `{"lines":["MUG"],"coupon":"X"}`, order, 400, 202},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			var calls atomic.Int32
			api := h(&calls)
			first := postAs(t, api, "key-1", c.contentType, c.body)
			if first.Code != c.wantRefusal {
				t.Fatalf("the first request got %d %s, want %d", first.Code, first.Body, c.wantRefusal)
			}
			retry := postAs(t, api, "key-1", "application/json", c.fixedBody)
			if retry.Code != c.wantFixedAnswers || retry.Header().Get(idempotency.ReplayedHeader) != "" || calls.Load() != 1 {
				t.Fatalf("the fixed retry with the same key got %d %s (replayed %q, the operation ran %d times); want it to run: %d",
					retry.Code, retry.Body, retry.Header().Get(idempotency.ReplayedHeader), calls.Load(), c.wantFixedAnswers)
			}
			again := postAs(t, api, "key-1", "application/json", c.fixedBody)
			if again.Code != c.wantFixedAnswers || again.Header().Get(idempotency.ReplayedHeader) != "true" || calls.Load() != 1 {
				t.Errorf("a repeat of the retry got %d (replayed %q, the operation ran %d times); want the retry's answer replayed",
					again.Code, again.Header().Get(idempotency.ReplayedHeader), calls.Load())
			}
		})
	}

	t.Run("a 4xx the operation answered is kept and replayed", func(t *testing.T) {
		var calls atomic.Int32
		api := h(&calls)
		first := postAs(t, api, "key-1", "application/json", `{"lines":[]}`)
		if first.Code != http.StatusUnprocessableEntity {
			t.Fatalf("an order without lines got %d %s, want 422", first.Code, first.Body)
		}
		again := postAs(t, api, "key-1", "application/json", `{"lines":[]}`)
		if again.Code != http.StatusUnprocessableEntity || again.Header().Get(idempotency.ReplayedHeader) != "true" || calls.Load() != 1 {
			t.Errorf("its repeat got %d (replayed %q, the operation ran %d times); want the 422 replayed, run once",
				again.Code, again.Header().Get(idempotency.ReplayedHeader), calls.Load())
		}
	})
}
