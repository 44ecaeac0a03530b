package pspsim_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

func start(t *testing.T) *pspsim.Running {
	t.Helper()
	sim, err := pspsim.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = sim.Close(ctx)
	})
	return sim
}

func post(t *testing.T, url, key, body string) (int, map[string]string, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set(pspsim.IdempotencyKeyHeader, key)
	}
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out, nil
}

func TestAuthorizationsAndRefunds(t *testing.T) {
	sim := start(t)
	auth := `{"orderId":"o1","amount":{"amount":1000,"currency":"EUR"}}`
	steps := []struct {
		name, path, key, body string
		want                  int
	}{
		{"an authorisation without a key is refused", "/authorizations", "", auth, http.StatusBadRequest},
		{"an authorisation is granted", "/authorizations", "k1", auth, http.StatusCreated},
		{"the same key and body replays the answer", "/authorizations", "k1", auth, http.StatusCreated},
		{"the same key with another body is refused", "/authorizations", "k1", `{"orderId":"o1","amount":{"amount":5,"currency":"EUR"}}`, http.StatusUnprocessableEntity},
		{"a malformed body is refused", "/authorizations", "k2", `{"orderId":`, http.StatusBadRequest},
		{"a refund of an unknown authorisation is not found", "/refunds", "r0", `{"authorizationId":"auth_99","amount":{"amount":1000,"currency":"EUR"}}`, http.StatusNotFound},
		{"a refund above the authorised amount is refused", "/refunds", "r1", `{"authorizationId":"auth_1","amount":{"amount":1001,"currency":"EUR"}}`, http.StatusConflict},
		{"a refund of the authorised amount is made", "/refunds", "r2", `{"authorizationId":"auth_1","amount":{"amount":1000,"currency":"EUR"}}`, http.StatusCreated},
		{"a repeated refund replays the answer", "/refunds", "r2", `{"authorizationId":"auth_1","amount":{"amount":1000,"currency":"EUR"}}`, http.StatusCreated},
		{"a second refund under another key exceeds the amount", "/refunds", "r3", `{"authorizationId":"auth_1","amount":{"amount":1,"currency":"EUR"}}`, http.StatusConflict},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			got, _, err := post(t, sim.URL+s.path, s.key, s.body)
			if err != nil {
				t.Fatal(err)
			}
			if got != s.want {
				t.Fatalf("status %d, want %d", got, s.want)
			}
		})
	}
	ledger := sim.Ledger()
	if len(ledger) != 2 || ledger[0].Kind != pspsim.KindAuthorization || ledger[1].Kind != pspsim.KindRefund {
		t.Fatalf("ledger %+v, want one authorisation and one refund", ledger)
	}
}

func TestFaults(t *testing.T) {
	t.Run("an amount above the limit is declined with a reason, and the decline replays", func(t *testing.T) {
		sim := start(t)
		if err := sim.SetFaults(pspsim.Faults{DeclineAbove: 500}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			status, body, err := post(t, sim.URL+"/authorizations", "k", `{"orderId":"o","amount":{"amount":501,"currency":"EUR"}}`)
			if err != nil {
				t.Fatal(err)
			}
			if status != http.StatusPaymentRequired || body["reason"] != pspsim.ReasonAmountLimit {
				t.Fatalf("status %d body %v, want 402 %s", status, body, pspsim.ReasonAmountLimit)
			}
		}
		if n := len(sim.Ledger()); n != 0 {
			t.Fatalf("ledger has %d entries after declines", n)
		}
	})
	t.Run("an outage closes the connection and the control routes still answer", func(t *testing.T) {
		sim := start(t)
		if err := sim.SetFaults(pspsim.Faults{Outage: true}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := post(t, sim.URL+"/authorizations", "k", `{"orderId":"o","amount":{"amount":1,"currency":"EUR"}}`); err == nil {
			t.Fatal("an authorisation was answered during an outage")
		}
		req, _ := http.NewRequest(http.MethodPut, sim.URL+"/faults", strings.NewReader(`{"outage":false}`))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || sim.Faults().Outage {
			t.Fatalf("PUT /faults: %d, outage %v", resp.StatusCode, sim.Faults().Outage)
		}
		if status, _, err := post(t, sim.URL+"/authorizations", "k", `{"orderId":"o","amount":{"amount":1,"currency":"EUR"}}`); err != nil || status != http.StatusCreated {
			t.Fatalf("after the outage: %d %v", status, err)
		}
	})
	t.Run("an error rate of one answers 500 and records nothing", func(t *testing.T) {
		sim := start(t)
		if err := sim.SetFaults(pspsim.Faults{ErrorRate: 1}); err != nil {
			t.Fatal(err)
		}
		status, _, err := post(t, sim.URL+"/authorizations", "k", `{"orderId":"o","amount":{"amount":1,"currency":"EUR"}}`)
		if err != nil || status != http.StatusInternalServerError || len(sim.Ledger()) != 0 {
			t.Fatalf("status %d err %v ledger %d", status, err, len(sim.Ledger()))
		}
	})
	t.Run("latency delays the answer but the authorisation is recorded first", func(t *testing.T) {
		sim := start(t)
		if err := sim.SetFaults(pspsim.Faults{LatencyMS: 1500}); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, sim.URL+"/authorizations", strings.NewReader(`{"orderId":"o","amount":{"amount":1,"currency":"EUR"}}`))
		req.Header.Set(pspsim.IdempotencyKeyHeader, "k")
		if _, err := (&http.Client{Timeout: 200 * time.Millisecond}).Do(req); err == nil {
			t.Fatal("a slow answer arrived within the client's timeout")
		}
		if n := len(sim.Ledger()); n != 1 {
			t.Fatalf("ledger has %d entries, want the authorisation recorded", n)
		}
	})
	t.Run("switches out of range are refused", func(t *testing.T) {
		sim := start(t)
		for _, f := range []pspsim.Faults{{ErrorRate: 2}, {LatencyMS: -1}, {DeclineAbove: -5}} {
			if err := sim.SetFaults(f); err == nil {
				t.Errorf("%+v accepted", f)
			}
		}
	})
}

func TestVoids(t *testing.T) {
	auth := `{"orderId":"o1","amount":{"amount":1000,"currency":"EUR"}}`
	voidOf := func(key string) string { return `{"authorizationKey":"` + key + `"}` }
	t.Run("a void cancels the authorisation made under the key, once, and it can no longer be refunded", func(t *testing.T) {
		sim := start(t)
		if status, _, err := post(t, sim.URL+"/authorizations", "authorize-o1", auth); err != nil || status != http.StatusCreated {
			t.Fatalf("authorise: %d %v", status, err)
		}
		for _, key := range []string{"void-o1", "void-o1", "another-void-key"} {
			status, body, err := post(t, sim.URL+"/voids", key, voidOf("authorize-o1"))
			if err != nil || status != http.StatusOK || body["status"] != pspsim.VoidStatusVoided || body["authorizationId"] != "auth_1" || body["voidId"] == "" {
				t.Fatalf("void under %s: %d %v %v, want auth_1 voided", key, status, body, err)
			}
		}
		if status, _, _ := post(t, sim.URL+"/refunds", "r1", `{"authorizationId":"auth_1","amount":{"amount":1000,"currency":"EUR"}}`); status != http.StatusConflict {
			t.Errorf("a refund of the voided authorisation: %d, want 409", status)
		}
		ledger := sim.Ledger()
		if len(ledger) != 2 || ledger[1].Kind != pspsim.KindVoid || ledger[1].AuthorizationID != "auth_1" || ledger[1].OrderID != "o1" || ledger[1].Amount.Amount != 1000 {
			t.Fatalf("ledger %+v, want the authorisation and one void of it", ledger)
		}
	})
	t.Run("a void before any authorisation closes the key: a late request under it is refused", func(t *testing.T) {
		sim := start(t)
		status, body, err := post(t, sim.URL+"/voids", "void-o1", voidOf("authorize-o1"))
		if err != nil || status != http.StatusOK || body["status"] != pspsim.VoidStatusNoAuthorization || body["authorizationId"] != "" {
			t.Fatalf("void: %d %v %v, want no authorisation", status, body, err)
		}
		if status, _, _ := post(t, sim.URL+"/authorizations", "authorize-o1", auth); status != http.StatusConflict {
			t.Errorf("an authorisation under the voided key: %d, want 409", status)
		}
		if status, _, _ := post(t, sim.URL+"/authorizations", "authorize-o2", `{"orderId":"o2","amount":{"amount":1000,"currency":"EUR"}}`); status != http.StatusCreated {
			t.Errorf("an authorisation under another key: %d, want 201", status)
		}
		if n := len(sim.Ledger()); n != 1 {
			t.Errorf("ledger has %d entries, want the other order's authorisation only", n)
		}
	})
	t.Run("a declined authorisation leaves nothing to void", func(t *testing.T) {
		sim := start(t)
		if err := sim.SetFaults(pspsim.Faults{DeclineAbove: 10}); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := post(t, sim.URL+"/authorizations", "authorize-o1", auth); status != http.StatusPaymentRequired {
			t.Fatalf("authorise: %d, want 402", status)
		}
		if status, body, _ := post(t, sim.URL+"/voids", "void-o1", voidOf("authorize-o1")); status != http.StatusOK || body["status"] != pspsim.VoidStatusNoAuthorization {
			t.Fatalf("void: %d %v, want no authorisation", status, body)
		}
	})
	t.Run("an authorisation with a refund cannot be voided", func(t *testing.T) {
		sim := start(t)
		if status, _, _ := post(t, sim.URL+"/authorizations", "authorize-o1", auth); status != http.StatusCreated {
			t.Fatalf("authorise: %d", status)
		}
		if status, _, _ := post(t, sim.URL+"/refunds", "r1", `{"authorizationId":"auth_1","amount":{"amount":100,"currency":"EUR"}}`); status != http.StatusCreated {
			t.Fatalf("refund: %d", status)
		}
		if status, _, _ := post(t, sim.URL+"/voids", "void-o1", voidOf("authorize-o1")); status != http.StatusConflict {
			t.Errorf("void: %d, want 409", status)
		}
	})
	t.Run("a void needs a key, and the authorisation's", func(t *testing.T) {
		sim := start(t)
		for _, c := range []struct{ key, body string }{{"", voidOf("authorize-o1")}, {"void-o1", `{}`}, {"void-o2", `{"authorizationKey":"k","extra":1}`}} {
			if status, _, _ := post(t, sim.URL+"/voids", c.key, c.body); status != http.StatusBadRequest {
				t.Errorf("void %q under %q: %d, want 400", c.body, c.key, status)
			}
		}
	})
	t.Run("a slow void is recorded before its answer, and its repeat replays it", func(t *testing.T) {
		sim := start(t)
		if status, _, _ := post(t, sim.URL+"/authorizations", "authorize-o1", auth); status != http.StatusCreated {
			t.Fatalf("authorise: %d", status)
		}
		if err := sim.SetFaults(pspsim.Faults{LatencyMS: 1500}); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, sim.URL+"/voids", strings.NewReader(voidOf("authorize-o1")))
		req.Header.Set(pspsim.IdempotencyKeyHeader, "void-o1")
		if _, err := (&http.Client{Timeout: 200 * time.Millisecond}).Do(req); err == nil {
			t.Fatal("a slow answer arrived within the client's timeout")
		}
		if err := sim.SetFaults(pspsim.Faults{}); err != nil {
			t.Fatal(err)
		}
		if status, body, _ := post(t, sim.URL+"/voids", "void-o1", voidOf("authorize-o1")); status != http.StatusOK || body["status"] != pspsim.VoidStatusVoided {
			t.Fatalf("void again: %d %v", status, body)
		}
		if n := len(sim.Ledger()); n != 2 {
			t.Errorf("ledger has %d entries, want the authorisation and one void", n)
		}
	})
}
