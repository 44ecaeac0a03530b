package app_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// fakeProvider is the payment provider as the use cases see it: it can be
// unavailable (its circuit breaker open: nothing is sent), slow (every
// request is carried out but its answer is lost: a timeout), decline, or
// run a hook while an authorisation is in flight. Like the real provider,
// it authorises, refunds and voids once per idempotency key, and a void
// closes the authorisation key it names.
type fakeProvider struct {
	mu          sync.Mutex
	unavailable bool
	slow        bool
	decline     string
	// during runs inside Authorize, before the provider answers.
	during         func()
	authorizeCalls int
	refundCalls    int
	voidCalls      int
	authorized     map[string]string // idempotency key → authorisation id
	refunded       map[string]string // idempotency key → refund id
	voided         map[string]string // authorisation id → void's key
	closedKeys     map[string]bool   // authorisation keys voided before any authorisation
}

func newFakeProvider() *fakeProvider {
	return &fakeProvider{authorized: map[string]string{}, refunded: map[string]string{}, voided: map[string]string{}, closedKeys: map[string]bool{}}
}

// setUnavailable opens (true) or closes (false) the provider's breaker.
func (p *fakeProvider) setUnavailable(v bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.unavailable = v
}

// setSlow makes every call time out after the provider carried it out.
func (p *fakeProvider) setSlow(v bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.slow = v
}

var (
	errBreakerOpen = fmt.Errorf("%w: %w: the circuit breaker is open", app.ErrProviderUnavailable, app.ErrNotSent)
	errTimedOut    = fmt.Errorf("%w: the call timed out", app.ErrProviderUnavailable)
)

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
		return app.Authorization{}, errBreakerOpen
	}
	if p.closedKeys[req.IdempotencyKey] {
		return app.Authorization{Declined: true, Reason: "provider_rejected"}, nil
	}
	if p.decline != "" {
		return app.Authorization{Declined: true, Reason: p.decline}, nil
	}
	id, ok := p.authorized[req.IdempotencyKey]
	if !ok {
		id = fmt.Sprintf("auth_%d", len(p.authorized)+1)
		p.authorized[req.IdempotencyKey] = id
	}
	if p.slow {
		return app.Authorization{}, errTimedOut
	}
	return app.Authorization{ID: id}, nil
}

func (p *fakeProvider) Refund(_ context.Context, req app.RefundRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refundCalls++
	if p.unavailable {
		return "", errBreakerOpen
	}
	if _, ok := p.voided[req.AuthorizationID]; ok {
		return "", errors.New("409: the authorization was voided")
	}
	id, ok := p.refunded[req.IdempotencyKey]
	if !ok {
		id = fmt.Sprintf("refund_%d", len(p.refunded)+1)
		p.refunded[req.IdempotencyKey] = id
	}
	if p.slow {
		return "", errTimedOut
	}
	return id, nil
}

func (p *fakeProvider) Void(_ context.Context, req app.VoidRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.voidCalls++
	if p.unavailable {
		return "", errBreakerOpen
	}
	id, ok := p.authorized[req.AuthorizationKey]
	if ok {
		p.voided[id] = req.IdempotencyKey
	} else {
		p.closedKeys[req.AuthorizationKey] = true
	}
	if p.slow {
		return "", errTimedOut
	}
	return id, nil
}

// calls returns how often Authorize and Refund were called.
func (p *fakeProvider) calls() (authorize, refund int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.authorizeCalls, p.refundCalls
}

// voids returns how often Void was called.
func (p *fakeProvider) voids() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.voidCalls
}

// ledger returns how many distinct authorisations and refunds were made.
func (p *fakeProvider) ledger() (authorizations, refunds int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.authorized), len(p.refunded)
}

// held returns the authorisations neither refunded nor voided: money the
// provider still holds. A refund key names its order, as RefundKey does.
func (p *fakeProvider) held() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for key, id := range p.authorized {
		order := strings.TrimPrefix(key, "authorize-")
		if _, voided := p.voided[id]; voided {
			continue
		}
		if _, refunded := p.refunded[app.RefundKey(order)]; refunded {
			continue
		}
		out = append(out, id)
	}
	return out
}

// recordingRepository is the memory repository with a record of every
// decision it stored, in order: what payments-publisher announces from
// the table's stream (a change to a new outcome).
type recordingRepository struct {
	*adapters.PaymentMemoryRepository
	mu        sync.Mutex
	decisions []decision
}

// decision is one stored outcome of an order's payment.
type decision struct {
	orderID string
	outcome domain.Outcome
}

func (r *recordingRepository) UpdatePayment(ctx context.Context, orderID string, fn func(*domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	var before domain.Outcome
	p, err := r.PaymentMemoryRepository.UpdatePayment(ctx, orderID, func(cur *domain.Payment) (*domain.Payment, error) {
		before = domain.OutcomeNone
		if cur != nil {
			before = cur.Outcome()
		}
		return fn(cur)
	})
	if err == nil && p.Outcome() != before && p.Outcome() != domain.OutcomeNone {
		r.mu.Lock()
		r.decisions = append(r.decisions, decision{orderID: orderID, outcome: p.Outcome()})
		r.mu.Unlock()
	}
	return p, err
}

// stored returns the outcomes stored for order, in order.
func (r *recordingRepository) stored(order string) []domain.Outcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []domain.Outcome
	for _, d := range r.decisions {
		if d.orderID == order {
			out = append(out, d.outcome)
		}
	}
	return out
}

// retry is one scheduled retry.
type retry struct {
	orderID string
	attempt int
	delay   time.Duration
}

// fakeRetries records the scheduled retries instead of delaying them.
type fakeRetries struct {
	mu      sync.Mutex
	got     []retry
	settles []retry
}

func (r *fakeRetries) ScheduleRetry(_ context.Context, orderID string, attempt int, delay time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, retry{orderID: orderID, attempt: attempt, delay: delay})
	return nil
}

func (r *fakeRetries) ScheduleSettle(_ context.Context, orderID string, attempt int, delay time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.settles = append(r.settles, retry{orderID: orderID, attempt: attempt, delay: delay})
	return nil
}

func (r *fakeRetries) scheduled() []retry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]retry(nil), r.got...)
}

func (r *fakeRetries) scheduledSettles() []retry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]retry(nil), r.settles...)
}

// fakeBreaker is the shared breaker state as the queries read it.
type fakeBreaker struct{ until time.Time }

func (b fakeBreaker) OpenUntil(context.Context) (time.Time, error) { return b.until, nil }

// now is the fixed time of every test.
var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

var eur12 = domain.Money{Amount: 1250, Currency: "EUR"}

// saga is payments' use cases on the memory repository and the fakes.
type saga struct {
	repo     *recordingRepository
	provider *fakeProvider
	retries  *fakeRetries
	app      app.Application
	log      *bytes.Buffer
}

// policy gives three tries: the first and two retries.
var policy = app.ParkPolicy{MaxAttempts: 3, FirstDelay: 5 * time.Second, MaxDelay: time.Minute}

// settlePolicy gives a refund or a void four tries.
var settlePolicy = app.ParkPolicy{MaxAttempts: 4, FirstDelay: 5 * time.Second, MaxDelay: 15 * time.Minute}

func newSaga(t *testing.T) *saga {
	t.Helper()
	s := &saga{repo: &recordingRepository{PaymentMemoryRepository: adapters.NewPaymentMemoryRepository()}, provider: newFakeProvider(), retries: &fakeRetries{}, log: &bytes.Buffer{}}
	clock := func() time.Time { return now }
	log := slog.New(slog.NewJSONHandler(s.log, nil))
	s.app = app.Application{
		Commands: app.Commands{
			RecordOrder:      app.NewRecordOrderHandler(s.repo, clock, log),
			AuthorizePayment: app.NewAuthorizePaymentHandler(s.repo, s.provider, s.retries, policy, settlePolicy, clock, log),
			CancelPayment:    app.NewCancelPaymentHandler(s.repo, s.provider, s.retries, settlePolicy, clock, log),
			SettlePayment:    app.NewSettlePaymentHandler(s.repo, s.provider, s.retries, settlePolicy, clock, log),
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

// settleDue handles the retry of order's parked refund or void attempt.
func (s *saga) settleDue(t *testing.T, order string, attempt int) {
	t.Helper()
	if err := s.app.Commands.SettlePayment.Handle(t.Context(), app.SettlePayment{OrderID: order, Attempt: attempt}); err != nil {
		t.Fatalf("settle retry %d of %s: %v", attempt, order, err)
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
