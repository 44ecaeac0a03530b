package adapters_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// provider is the simulator behind a server that can fail the first
// requests and counts what reaches it.
type provider struct {
	sim      *pspsim.Server
	srv      *httptest.Server
	failNext atomic.Int64
	calls    atomic.Int64
}

func newProvider(t *testing.T) *provider {
	t.Helper()
	p := &provider{sim: pspsim.New()}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.calls.Add(1)
		if p.failNext.Add(-1) >= 0 {
			http.Error(w, "try again", http.StatusBadGateway)
			return
		}
		p.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func newClient(t *testing.T, url string, shared adapters.SharedBreaker, log *bytes.Buffer) *adapters.ProviderClient {
	t.Helper()
	c, err := adapters.NewProviderClient(adapters.ProviderClientConfig{
		BaseURL: url, HTTP: &http.Client{}, Shared: shared, Log: slog.New(slog.NewJSONHandler(log, nil)),
		CallTimeout: 300 * time.Millisecond, FirstBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		FailuresToOpen: 3, OpenFor: 300 * time.Millisecond, SharedCacheFor: time.Nanosecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func authorize(c *adapters.ProviderClient, ctx context.Context, order string, amount int64) (app.Authorization, error) {
	return c.Authorize(ctx, app.AuthorizationRequest{OrderID: order, Amount: domain.Money{Amount: amount, Currency: "EUR"}, IdempotencyKey: app.AuthorizationKey(order)})
}

func TestProviderClientRetriesOnlyTransientFailures(t *testing.T) {
	t.Run("two 502s are retried and the third try authorises", func(t *testing.T) {
		p := newProvider(t)
		p.failNext.Store(2)
		c := newClient(t, p.srv.URL, &adapters.BreakerMemoryStore{}, &bytes.Buffer{})
		a, err := authorize(c, t.Context(), "o-1", 100)
		if err != nil || a.ID == "" || p.calls.Load() != 3 {
			t.Fatalf("authorization %+v err %v after %d calls, want success on the third", a, err, p.calls.Load())
		}
	})
	t.Run("a decline is an answer and is not retried", func(t *testing.T) {
		p := newProvider(t)
		if err := p.sim.SetFaults(pspsim.Faults{DeclineAbove: 10}); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, p.srv.URL, &adapters.BreakerMemoryStore{}, &bytes.Buffer{})
		a, err := authorize(c, t.Context(), "o-2", 100)
		if err != nil || !a.Declined || a.Reason != pspsim.ReasonAmountLimit || p.calls.Load() != 1 {
			t.Fatalf("authorization %+v err %v after %d calls, want one declined call", a, err, p.calls.Load())
		}
	})
	t.Run("a provider slower than the timeout is retried with the same key and charges once", func(t *testing.T) {
		p := newProvider(t)
		if err := p.sim.SetFaults(pspsim.Faults{LatencyMS: 1000}); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, p.srv.URL, &adapters.BreakerMemoryStore{}, &bytes.Buffer{})
		_, err := authorize(c, t.Context(), "o-3", 100)
		if !errors.Is(err, app.ErrProviderUnavailable) || p.calls.Load() != 3 {
			t.Fatalf("err %v after %d calls, want ErrProviderUnavailable after 3", err, p.calls.Load())
		}
		if n := len(p.sim.Ledger()); n != 1 {
			t.Fatalf("ledger has %d authorisations, want 1", n)
		}
	})
}

func TestProviderClientBreaker(t *testing.T) {
	p := newProvider(t)
	if err := p.sim.SetFaults(pspsim.Faults{Outage: true}); err != nil {
		t.Fatal(err)
	}
	shared := &adapters.BreakerMemoryStore{}
	var logs, out bytes.Buffer
	a := newClient(t, p.srv.URL, shared, &logs)
	b := newClient(t, p.srv.URL, shared, &bytes.Buffer{})
	batch := metrics.New(metrics.Namespace, &out, map[string]string{metrics.DimService: "payments"}).Begin()
	ctx := metrics.NewContext(t.Context(), batch)

	t.Run("an outage opens the breaker after three failed tries", func(t *testing.T) {
		if _, err := authorize(a, ctx, "o-1", 100); !errors.Is(err, app.ErrProviderUnavailable) {
			t.Fatalf("err %v, want ErrProviderUnavailable", err)
		}
		if a.State() != "open" {
			t.Fatalf("breaker %s, want open", a.State())
		}
	})
	t.Run("another instance sharing the state stops calling at once", func(t *testing.T) {
		before := p.calls.Load()
		if _, err := authorize(b, ctx, "o-2", 100); !errors.Is(err, app.ErrProviderUnavailable) {
			t.Fatalf("err %v, want ErrProviderUnavailable", err)
		}
		if p.calls.Load() != before {
			t.Fatalf("the second instance called the provider %d times", p.calls.Load()-before)
		}
	})
	t.Run("after the outage a probe closes the breaker for everyone", func(t *testing.T) {
		if err := p.sim.SetFaults(pspsim.Faults{}); err != nil {
			t.Fatal(err)
		}
		poll.Until(t, "the breaker lets a probe through", 5*time.Second, func() bool {
			_, err := authorize(a, ctx, "o-1", 100)
			return err == nil
		})
		if a.State() != "closed" {
			t.Fatalf("breaker %s, want closed", a.State())
		}
		if until, _ := shared.OpenUntil(t.Context()); !until.IsZero() {
			t.Fatalf("shared state still open until %s", until)
		}
		if _, err := authorize(b, ctx, "o-2", 100); err != nil {
			t.Fatalf("the other instance after closing: %v", err)
		}
	})
	t.Run("each change is logged and counted", func(t *testing.T) {
		if err := batch.Flush(); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"circuit breaker opened", "circuit breaker half-open", "circuit breaker closed"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("logs lack %q:\n%s", want, logs.String())
			}
		}
		for _, want := range []string{`"State":"open"`, `"State":"half-open"`, `"State":"closed"`, metrics.MetricBreakerStateChanges} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("metrics lack %s:\n%s", want, out.String())
			}
		}
	})
}

func TestProviderClientAnswersThatAreNotRetried(t *testing.T) {
	t.Run("a request the provider refuses outright declines as provider_rejected, without a retry", func(t *testing.T) {
		calls := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			calls++
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`the card number is not valid`))
		}))
		t.Cleanup(srv.Close)
		var logs bytes.Buffer
		c := newClient(t, srv.URL, &adapters.BreakerMemoryStore{}, &logs)
		a, err := authorize(c, t.Context(), "o-1", 100)
		if err != nil || !a.Declined || a.Reason != domain.ReasonProviderRejected || calls != 1 {
			t.Fatalf("authorization %+v err %v after %d calls, want one call declined %s", a, err, calls, domain.ReasonProviderRejected)
		}
		if !strings.Contains(logs.String(), "the card number is not valid") {
			t.Errorf("the log does not show the provider's answer:\n%s", logs.String())
		}
	})
	t.Run("a request under a voided key is refused, so declined", func(t *testing.T) {
		p := newProvider(t)
		c := newClient(t, p.srv.URL, &adapters.BreakerMemoryStore{}, &bytes.Buffer{})
		if id, err := c.Void(t.Context(), app.VoidRequest{OrderID: "o-2", AuthorizationKey: app.AuthorizationKey("o-2"), IdempotencyKey: app.VoidKey("o-2")}); err != nil || id != "" {
			t.Fatalf("void: %q %v, want no authorisation", id, err)
		}
		if a, err := authorize(c, t.Context(), "o-2", 100); err != nil || !a.Declined {
			t.Fatalf("authorization %+v err %v, want a decline", a, err)
		}
		if n := len(p.sim.Ledger()); n != 0 {
			t.Errorf("ledger has %d entries", n)
		}
	})
}

func TestProviderClientVoidsByTheAuthorisationKey(t *testing.T) {
	p := newProvider(t)
	c := newClient(t, p.srv.URL, &adapters.BreakerMemoryStore{}, &bytes.Buffer{})
	a, err := authorize(c, t.Context(), "o-1", 100)
	if err != nil || a.ID == "" {
		t.Fatalf("authorise: %+v %v", a, err)
	}
	req := app.VoidRequest{OrderID: "o-1", AuthorizationKey: app.AuthorizationKey("o-1"), IdempotencyKey: app.VoidKey("o-1")}
	for range 2 {
		id, err := c.Void(t.Context(), req)
		if err != nil || id != a.ID {
			t.Fatalf("void: %q %v, want %s", id, err, a.ID)
		}
	}
	ledger := p.sim.Ledger()
	if len(ledger) != 2 || ledger[1].Kind != pspsim.KindVoid || ledger[1].AuthorizationID != a.ID {
		t.Fatalf("ledger %+v, want the authorisation and one void of it", ledger)
	}
	t.Run("a slow void is retried with the same key and voids once", func(t *testing.T) {
		if _, err := authorize(c, t.Context(), "o-3", 100); err != nil {
			t.Fatal(err)
		}
		if err := p.sim.SetFaults(pspsim.Faults{LatencyMS: 1000}); err != nil {
			t.Fatal(err)
		}
		_, err := c.Void(t.Context(), app.VoidRequest{OrderID: "o-3", AuthorizationKey: app.AuthorizationKey("o-3"), IdempotencyKey: app.VoidKey("o-3")})
		if !errors.Is(err, app.ErrProviderUnavailable) || errors.Is(err, app.ErrNotSent) {
			t.Fatalf("err %v, want ErrProviderUnavailable, the requests sent", err)
		}
		voids := 0
		for _, e := range p.sim.Ledger() {
			if e.Kind == pspsim.KindVoid && e.OrderID == "o-3" {
				voids++
			}
		}
		if voids != 1 {
			t.Fatalf("%d voids of o-3, want 1", voids)
		}
	})
}

func TestProviderClientTellsACallTheBreakerRefusedFromOneThatWentUnanswered(t *testing.T) {
	p := newProvider(t)
	if err := p.sim.SetFaults(pspsim.Faults{Outage: true}); err != nil {
		t.Fatal(err)
	}
	shared := &adapters.BreakerMemoryStore{}
	a := newClient(t, p.srv.URL, shared, &bytes.Buffer{})
	_, err := authorize(a, t.Context(), "o-1", 100)
	if !errors.Is(err, app.ErrProviderUnavailable) || errors.Is(err, app.ErrNotSent) {
		t.Fatalf("the tries that opened the breaker: %v, want unavailable and sent", err)
	}
	if _, err := authorize(a, t.Context(), "o-2", 100); !errors.Is(err, app.ErrNotSent) {
		t.Errorf("a call the open breaker refused: %v, want ErrNotSent", err)
	}
	b := newClient(t, p.srv.URL, shared, &bytes.Buffer{})
	if _, err := authorize(b, t.Context(), "o-3", 100); !errors.Is(err, app.ErrNotSent) {
		t.Errorf("a call the shared open state refused: %v, want ErrNotSent", err)
	}
}
