package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// fakeProvider is the payment provider as the use cases see it: it can be
// unavailable (its circuit breaker open), decline, or run a hook while an
// authorisation is in flight. Like the real provider, it authorises and
// refunds once per idempotency key.
type fakeProvider struct {
	mu          sync.Mutex
	unavailable bool
	decline     string
	// during runs inside Authorize, before the provider answers.
	during         func()
	authorizeCalls int
	refundCalls    int
	authorized     map[string]string // idempotency key → authorisation id
	refunded       map[string]string // idempotency key → refund id
}

func newFakeProvider() *fakeProvider {
	return &fakeProvider{authorized: map[string]string{}, refunded: map[string]string{}}
}

// setUnavailable opens (true) or closes (false) the provider's breaker.
func (p *fakeProvider) setUnavailable(v bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.unavailable = v
}

func (p *fakeProvider) Authorize(_ context.Context, req app.AuthorizationRequest) (app.Authorization, error) {
	p.mu.Lock()
	p.authorizeCalls++
	during := p.during
	p.during = nil
	p.mu.Unlock()
	if during != nil {
		during()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.unavailable {
		return app.Authorization{}, fmt.Errorf("%w: the circuit breaker is open", app.ErrProviderUnavailable)
	}
	if p.decline != "" {
		return app.Authorization{Declined: true, Reason: p.decline}, nil
	}
	id, ok := p.authorized[req.IdempotencyKey]
	if !ok {
		id = fmt.Sprintf("auth_%d", len(p.authorized)+1)
		p.authorized[req.IdempotencyKey] = id
	}
	return app.Authorization{ID: id}, nil
}

func (p *fakeProvider) Refund(_ context.Context, req app.RefundRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refundCalls++
	if p.unavailable {
		return "", fmt.Errorf("%w: the circuit breaker is open", app.ErrProviderUnavailable)
	}
	id, ok := p.refunded[req.IdempotencyKey]
	if !ok {
		id = fmt.Sprintf("refund_%d", len(p.refunded)+1)
		p.refunded[req.IdempotencyKey] = id
	}
	return id, nil
}

// calls returns how often Authorize and Refund were called.
func (p *fakeProvider) calls() (authorize, refund int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.authorizeCalls, p.refundCalls
}

// ledger returns how many distinct authorisations and refunds were made.
func (p *fakeProvider) ledger() (authorizations, refunds int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.authorized), len(p.refunded)
}

// publication is one PublishOnce call: the same fact is published with
// the same key, time and event.
type publication struct {
	key   string
	at    time.Time
	event events.Event
}

// fakePublisher records what would go to the bus.
type fakePublisher struct {
	mu  sync.Mutex
	got []publication
}

func (p *fakePublisher) PublishOnce(_ context.Context, key string, at time.Time, e events.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.got = append(p.got, publication{key: key, at: at, event: e})
	return nil
}

func (p *fakePublisher) published() []publication {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]publication(nil), p.got...)
}

// retry is one scheduled retry.
type retry struct {
	orderID string
	attempt int
	delay   time.Duration
}

// fakeRetries records the scheduled retries instead of delaying them.
type fakeRetries struct {
	mu  sync.Mutex
	got []retry
}

func (r *fakeRetries) ScheduleRetry(_ context.Context, orderID string, attempt int, delay time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, retry{orderID: orderID, attempt: attempt, delay: delay})
	return nil
}

func (r *fakeRetries) scheduled() []retry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]retry(nil), r.got...)
}

// fakeBreaker is the shared breaker state as the queries read it.
type fakeBreaker struct{ until time.Time }

func (b fakeBreaker) OpenUntil(context.Context) (time.Time, error) { return b.until, nil }

// now is the fixed time of every test.
var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

var eur12 = domain.Money{Amount: 1250, Currency: "EUR"}

// saga is payments' use cases on the memory repository and the fakes.
type saga struct {
	repo     *adapters.PaymentMemoryRepository
	provider *fakeProvider
	pub      *fakePublisher
	retries  *fakeRetries
	app      app.Application
}

// policy gives three tries: the first and two retries.
var policy = app.ParkPolicy{MaxAttempts: 3, FirstDelay: 5 * time.Second, MaxDelay: time.Minute}

func newSaga(t *testing.T) *saga {
	t.Helper()
	s := &saga{repo: adapters.NewPaymentMemoryRepository(), provider: newFakeProvider(), pub: &fakePublisher{}, retries: &fakeRetries{}}
	clock := func() time.Time { return now }
	log := slog.New(slog.DiscardHandler)
	s.app = app.Application{
		Commands: app.Commands{
			RecordOrder:      app.NewRecordOrderHandler(s.repo, clock),
			AuthorizePayment: app.NewAuthorizePaymentHandler(s.repo, s.provider, s.pub, s.retries, policy, clock, log),
			CancelPayment:    app.NewCancelPaymentHandler(s.repo, s.provider, s.pub, clock),
		},
		Queries: app.Queries{PaymentByOrder: app.NewPaymentByOrderHandler(s.repo), Breaker: fakeBreaker{}},
		Health:  s.repo,
	}
	return s
}

// stockReserved handles the StockReserved of order.
func (s *saga) stockReserved(t *testing.T, order string) {
	t.Helper()
	if err := s.app.Commands.AuthorizePayment.Handle(t.Context(), app.AuthorizePayment{OrderID: order, Amount: eur12}); err != nil {
		t.Fatalf("StockReserved of %s: %v", order, err)
	}
}

// retryDue handles the retry of order's parked attempt.
func (s *saga) retryDue(t *testing.T, order string, attempt int) {
	t.Helper()
	if err := s.app.Commands.AuthorizePayment.Handle(t.Context(), app.AuthorizePayment{OrderID: order, Attempt: attempt}); err != nil {
		t.Fatalf("retry %d of %s: %v", attempt, order, err)
	}
}

// cancelled handles the OrderCancelled of order.
func (s *saga) cancelled(t *testing.T, order string) {
	t.Helper()
	if err := s.app.Commands.CancelPayment.Handle(t.Context(), app.CancelPayment{OrderID: order}); err != nil {
		t.Fatalf("OrderCancelled of %s: %v", order, err)
	}
}

// payment reads the stored payment of order.
func (s *saga) payment(t *testing.T, order string) *domain.Payment {
	t.Helper()
	p, err := s.repo.Payment(t.Context(), order)
	if err != nil {
		t.Fatalf("payment of %s: %v", order, err)
	}
	return p
}

// types lists the types of the published events, in order.
func types(ps []publication) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.event.EventType())
	}
	return out
}
