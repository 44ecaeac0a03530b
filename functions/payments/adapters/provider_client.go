package adapters

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/sony/gobreaker/v2"

	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// SharedBreaker is where instances share their circuit breaker's open
// state. Open only ever extends the shared state, and Close ends only the
// open state the closing instance knows of, so an instance never erases
// or shortens an open state another one has just written.
type SharedBreaker interface {
	OpenUntil(ctx context.Context) (time.Time, error)
	// Open shares that the breaker is open until until, unless the
	// shared state already holds it open as long or longer.
	Open(ctx context.Context, until time.Time) error
	// Close shares that the breaker closed, if the shared state is still
	// the open state until until that this instance wrote.
	Close(ctx context.Context, until time.Time) error
}

// ProviderClientConfig configures a ProviderClient. BaseURL, HTTP, Shared
// and Log are required; zero durations and counts take the defaults.
type ProviderClientConfig struct {
	// BaseURL is the provider's base URL.
	BaseURL string
	// HTTP sends the requests; give it a traced client.
	HTTP *http.Client
	// CallTimeout bounds one try; 0 means 1.5 s.
	CallTimeout time.Duration
	// MaxTries bounds the tries of one call; 0 means 3.
	MaxTries uint
	// MaxElapsed bounds one call with its retries; 0 means 4 s.
	MaxElapsed time.Duration
	// FirstBackoff is the wait before the first retry, doubled each time
	// up to MaxBackoff, with half of it as jitter; 0 means 100 ms and 1 s.
	FirstBackoff, MaxBackoff time.Duration
	// FailuresToOpen is how many failed tries in a row open the breaker;
	// 0 means 5.
	FailuresToOpen uint32
	// OpenFor is how long the breaker stays open before it lets a probe
	// through; 0 means 5 s.
	OpenFor time.Duration
	// Shared shares the open state between instances.
	Shared SharedBreaker
	// SharedCacheFor is how long a read of the shared state is reused; 0
	// means 500 ms.
	SharedCacheFor time.Duration
	// Log receives breaker changes.
	Log *slog.Logger
	// Now tells the time; nil means time.Now.
	Now func() time.Time
}

// Validate reports the first missing setting.
func (c ProviderClientConfig) Validate() error {
	switch {
	case !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://"):
		return fmt.Errorf("provider client: base URL %q is not an http(s) URL", c.BaseURL)
	case c.HTTP == nil:
		return errors.New("provider client: an HTTP client is required")
	case c.Shared == nil:
		return errors.New("provider client: a shared breaker store is required")
	case c.Log == nil:
		return errors.New("provider client: a logger is required")
	}
	return nil
}

// ProviderClient calls the payment provider resiliently: a timeout per
// try; retries with jittered exponential backoff (cenkalti/backoff) for
// transient failures only — timeouts, connection errors, 5xx and 429,
// never a decline; and a circuit breaker (sony/gobreaker) around every
// try, whose open state is shared with the other instances. A call that
// cannot get through fails with app.ErrProviderUnavailable.
type ProviderClient struct {
	cfg     ProviderClientConfig
	breaker *gobreaker.CircuitBreaker[reply]

	mu          sync.Mutex
	transitions []transition
	sharedUntil time.Time
	sharedRead  time.Time
	// openedUntil is the open state this instance last shared, which its
	// close ends.
	openedUntil time.Time
}

type transition struct {
	from, to gobreaker.State
	at       time.Time
}

// reply is one answer of the provider.
type reply struct {
	status int
	body   []byte
}

// transientError is a failure worth a retry.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// errCallerGone marks a try cut short by the caller's own context; it
// says nothing about the provider.
var errCallerGone = errors.New("the caller's context ended")

// NewProviderClient returns a client configured by cfg.
func NewProviderClient(cfg ProviderClientConfig) (*ProviderClient, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&cfg.CallTimeout, 1500*time.Millisecond)
	def(&cfg.MaxElapsed, 4*time.Second)
	def(&cfg.FirstBackoff, 100*time.Millisecond)
	def(&cfg.MaxBackoff, time.Second)
	def(&cfg.OpenFor, 5*time.Second)
	def(&cfg.SharedCacheFor, 500*time.Millisecond)
	if cfg.MaxTries == 0 {
		cfg.MaxTries = 3
	}
	if cfg.FailuresToOpen == 0 {
		cfg.FailuresToOpen = 5
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &ProviderClient{cfg: cfg}
	c.breaker = gobreaker.NewCircuitBreaker[reply](gobreaker.Settings{
		Name:        "payment-provider",
		MaxRequests: 1,
		Timeout:     cfg.OpenFor,
		ReadyToTrip: func(counts gobreaker.Counts) bool { return counts.ConsecutiveFailures >= cfg.FailuresToOpen },
		// Only transient failures count against the provider: a request
		// it refused proves it is up.
		IsSuccessful: func(err error) bool { return err == nil || !isTransient(err) },
		IsExcluded:   func(err error) bool { return errors.Is(err, errCallerGone) },
		// Called under the breaker's lock: only note the change here.
		OnStateChange: func(_ string, from, to gobreaker.State) {
			c.mu.Lock()
			c.transitions = append(c.transitions, transition{from: from, to: to, at: cfg.Now()})
			c.mu.Unlock()
		},
	})
	return c, nil
}

func isTransient(err error) bool {
	var t *transientError
	return errors.As(err, &t)
}

// State returns the local breaker's state: "closed", "half-open" or "open".
func (c *ProviderClient) State() string { return c.breaker.State().String() }

type authorizationBody struct {
	OrderID string `json:"orderId"`
	Amount  money  `json:"amount"`
}

type refundBody struct {
	AuthorizationID string `json:"authorizationId"`
	Amount          money  `json:"amount"`
}

type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type voidBody struct {
	AuthorizationKey string `json:"authorizationKey"`
}

type providerAnswer struct {
	Status          string `json:"status"`
	AuthorizationID string `json:"authorizationId"`
	RefundID        string `json:"refundId"`
	Reason          string `json:"reason"`
}

// The statuses of the provider's answer to a void.
const (
	voidVoided          = "voided"
	voidNoAuthorization = "no_authorization"
)

// Authorize asks the provider to authorise an amount. A decline is an
// answer, not an error; so is a request the provider refuses outright (a
// 4xx other than 402 Payment Required), which no retry would change: it
// declines the payment as domain.ReasonProviderRejected.
func (c *ProviderClient) Authorize(ctx context.Context, req app.AuthorizationRequest) (app.Authorization, error) {
	r, err := c.send(ctx, "authorize", "/authorizations", req.IdempotencyKey, authorizationBody{
		OrderID: req.OrderID, Amount: money{Amount: req.Amount.Amount, Currency: req.Amount.Currency},
	})
	if err != nil {
		return app.Authorization{}, fmt.Errorf("authorize order %s: %w", req.OrderID, err)
	}
	var a providerAnswer
	if err := json.Unmarshal(r.body, &a); err != nil && (r.status < 400 || r.status == http.StatusPaymentRequired) {
		return app.Authorization{}, fmt.Errorf("authorize order %s: the provider's answer is not JSON: %w", req.OrderID, err)
	}
	switch {
	case r.status == http.StatusCreated || r.status == http.StatusOK:
		if a.AuthorizationID == "" {
			return app.Authorization{}, fmt.Errorf("authorize order %s: the provider answered %d without an authorisation id", req.OrderID, r.status)
		}
		return app.Authorization{ID: a.AuthorizationID}, nil
	case r.status == http.StatusPaymentRequired:
		reason := a.Reason
		if reason == "" {
			reason = "declined"
		}
		return app.Authorization{Declined: true, Reason: reason}, nil
	case r.status >= 400 && r.status < 500:
		c.cfg.Log.WarnContext(ctx, "the payment provider refused the authorisation request; the payment is declined",
			slog.String("orderId", req.OrderID), slog.Int("status", r.status), slog.String("answer", string(bytes.TrimSpace(r.body))),
			slog.String("reason", domain.ReasonProviderRejected))
		return app.Authorization{Declined: true, Reason: domain.ReasonProviderRejected}, nil
	}
	return app.Authorization{}, fmt.Errorf("authorize order %s: the provider answered %d %s", req.OrderID, r.status, bytes.TrimSpace(r.body))
}

// Refund asks the provider to refund an authorisation.
func (c *ProviderClient) Refund(ctx context.Context, req app.RefundRequest) (string, error) {
	r, err := c.send(ctx, "refund", "/refunds", req.IdempotencyKey, refundBody{
		AuthorizationID: req.AuthorizationID, Amount: money{Amount: req.Amount.Amount, Currency: req.Amount.Currency},
	})
	if err != nil {
		return "", fmt.Errorf("refund order %s: %w", req.OrderID, err)
	}
	var a providerAnswer
	if err := json.Unmarshal(r.body, &a); err != nil {
		return "", fmt.Errorf("refund order %s: the provider's answer is not JSON: %w", req.OrderID, err)
	}
	if (r.status != http.StatusCreated && r.status != http.StatusOK) || a.RefundID == "" {
		return "", fmt.Errorf("refund order %s: the provider refused the request: %d %s", req.OrderID, r.status, bytes.TrimSpace(r.body))
	}
	return a.RefundID, nil
}

// Void asks the provider to cancel whatever it authorised under the
// order's authorisation key, and returns the authorisation's id; empty
// when it had made none (the provider then refuses any later request
// under that key).
func (c *ProviderClient) Void(ctx context.Context, req app.VoidRequest) (string, error) {
	r, err := c.send(ctx, "void", "/voids", req.IdempotencyKey, voidBody{AuthorizationKey: req.AuthorizationKey})
	if err != nil {
		return "", fmt.Errorf("void order %s: %w", req.OrderID, err)
	}
	var a providerAnswer
	if err := json.Unmarshal(r.body, &a); err != nil {
		return "", fmt.Errorf("void order %s: the provider's answer is not JSON: %w", req.OrderID, err)
	}
	switch {
	case r.status == http.StatusOK && a.Status == voidVoided && a.AuthorizationID != "":
		return a.AuthorizationID, nil
	case r.status == http.StatusOK && a.Status == voidNoAuthorization:
		return "", nil
	}
	return "", fmt.Errorf("void order %s: the provider refused the request: %d %s", req.OrderID, r.status, bytes.TrimSpace(r.body))
}

// send posts body with its idempotency key through the breaker, retrying
// transient failures. op names the operation in metrics. A call that
// cannot get through fails with app.ErrProviderUnavailable, and also with
// app.ErrNotSent when the breaker refused every try before any request
// left.
func (c *ProviderClient) send(ctx context.Context, op, path, key string, body any) (reply, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return reply{}, fmt.Errorf("encode request: %w", err)
	}
	batch := metrics.FromContext(ctx)
	byOp := batch.With(metrics.DimOperation, op)
	until := c.sharedOpenUntil(ctx)
	local := c.breaker.State()
	open := local == gobreaker.StateOpen || (local == gobreaker.StateClosed && until.After(c.cfg.Now()))
	openValue := 0.0
	if open {
		openValue = 1
	}
	batch.Add(metrics.MetricBreakerOpen, openValue, metrics.None)
	if local == gobreaker.StateClosed && until.After(c.cfg.Now()) {
		return reply{}, fmt.Errorf("%w: %w: the circuit breaker is open (shared) until %s", app.ErrProviderUnavailable, app.ErrNotSent, until.Format(time.RFC3339))
	}
	exp := backoff.NewExponentialBackOff()
	exp.InitialInterval, exp.MaxInterval, exp.Multiplier, exp.RandomizationFactor = c.cfg.FirstBackoff, c.cfg.MaxBackoff, 2, 0.5
	tries, sent := 0, 0
	r, err := backoff.Retry(ctx, func() (reply, error) {
		tries++
		started := c.cfg.Now()
		r, err := c.breaker.Execute(func() (reply, error) {
			sent++
			return c.try(ctx, path, key, payload)
		})
		c.publishTransitions(ctx)
		switch {
		case errors.Is(err, gobreaker.ErrOpenState), errors.Is(err, gobreaker.ErrTooManyRequests):
			return r, backoff.Permanent(err)
		case err != nil && isTransient(err):
			byOp.Add(metrics.MetricProviderErrors, 1, metrics.Count)
			byOp.Add(metrics.MetricProviderLatency, float64(c.cfg.Now().Sub(started).Milliseconds()), metrics.Milliseconds)
			return r, err
		case err != nil:
			return r, backoff.Permanent(err)
		}
		byOp.Add(metrics.MetricProviderLatency, float64(c.cfg.Now().Sub(started).Milliseconds()), metrics.Milliseconds)
		return r, nil
	}, backoff.WithBackOff(exp), backoff.WithMaxTries(c.cfg.MaxTries), backoff.WithMaxElapsedTime(c.cfg.MaxElapsed))
	if tries > 1 {
		byOp.Add(metrics.MetricProviderRetries, float64(tries-1), metrics.Count)
	}
	switch {
	case err == nil:
		return r, nil
	case sent == 0 && (errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests)):
		return reply{}, fmt.Errorf("%w: %w: %w", app.ErrProviderUnavailable, app.ErrNotSent, err)
	case isTransient(err), errors.Is(err, gobreaker.ErrOpenState), errors.Is(err, gobreaker.ErrTooManyRequests):
		return reply{}, fmt.Errorf("%w after %d tries: %w", app.ErrProviderUnavailable, tries, err)
	}
	return reply{}, err
}

// try makes one request with its own timeout and classifies the outcome.
func (c *ProviderClient) try(ctx context.Context, path, key string, payload []byte) (reply, error) {
	tctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, http.MethodPost, c.cfg.BaseURL+path, bytes.NewReader(payload))
	if err != nil {
		return reply{}, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return reply{}, fmt.Errorf("%w: %w", errCallerGone, err)
		}
		return reply{}, &transientError{fmt.Errorf("POST %s: %w", path, err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		if ctx.Err() != nil {
			return reply{}, fmt.Errorf("%w: %w", errCallerGone, err)
		}
		return reply{}, &transientError{fmt.Errorf("POST %s: read answer: %w", path, err)}
	}
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		return reply{}, &transientError{fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, bytes.TrimSpace(body))}
	}
	return reply{status: resp.StatusCode, body: body}, nil
}

// sharedOpenUntil reads the shared open state, at most once per
// SharedCacheFor. A failed read counts as closed: the local breaker still
// protects the provider.
func (c *ProviderClient) sharedOpenUntil(ctx context.Context) time.Time {
	now := c.cfg.Now()
	c.mu.Lock()
	if now.Sub(c.sharedRead) < c.cfg.SharedCacheFor {
		until := c.sharedUntil
		c.mu.Unlock()
		return until
	}
	c.mu.Unlock()
	until, err := c.cfg.Shared.OpenUntil(ctx)
	if err != nil {
		c.cfg.Log.WarnContext(ctx, "shared circuit breaker state unreadable; relying on this instance's breaker", slog.String("error", err.Error()))
		return time.Time{}
	}
	c.mu.Lock()
	c.sharedUntil, c.sharedRead = until, now
	c.mu.Unlock()
	return until
}

// publishTransitions logs, counts and shares the breaker changes noted
// since the last call.
func (c *ProviderClient) publishTransitions(ctx context.Context) {
	c.mu.Lock()
	ts := c.transitions
	c.transitions = nil
	c.mu.Unlock()
	batch := metrics.FromContext(ctx)
	for _, t := range ts {
		attrs := []any{slog.String("breaker", "payment-provider"), slog.String("from", t.from.String()), slog.String("to", t.to.String())}
		batch.With(metrics.DimState, t.to.String()).Add(metrics.MetricBreakerStateChanges, 1, metrics.Count)
		switch t.to {
		case gobreaker.StateOpen:
			until := t.at.Add(c.cfg.OpenFor)
			c.cfg.Log.WarnContext(ctx, "circuit breaker opened: calls to the payment provider stop until "+until.UTC().Format(time.RFC3339), attrs...)
			if err := c.cfg.Shared.Open(ctx, until); err != nil {
				c.cfg.Log.WarnContext(ctx, "could not share the open circuit breaker", slog.String("error", err.Error()))
			}
			c.mu.Lock()
			c.sharedUntil, c.sharedRead, c.openedUntil = until, c.cfg.Now(), until
			c.mu.Unlock()
		case gobreaker.StateHalfOpen:
			c.cfg.Log.InfoContext(ctx, "circuit breaker half-open: one call probes the payment provider", attrs...)
		case gobreaker.StateClosed:
			c.cfg.Log.InfoContext(ctx, "circuit breaker closed: the payment provider answers again", attrs...)
			c.mu.Lock()
			opened := c.openedUntil
			c.mu.Unlock()
			if err := c.cfg.Shared.Close(ctx, opened); err != nil {
				c.cfg.Log.WarnContext(ctx, "could not share the closed circuit breaker", slog.String("error", err.Error()))
			}
			// Read the shared state afresh on the next call: another
			// instance may hold it open still.
			c.mu.Lock()
			c.sharedUntil, c.sharedRead = time.Time{}, time.Time{}
			c.mu.Unlock()
		}
	}
}
