package ports_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// policy gives three tries: the first and two retries; settlePolicy as
// many to a refund or a void.
var (
	policy       = app.ParkPolicy{MaxAttempts: 3, FirstDelay: time.Second, MaxDelay: time.Minute}
	settlePolicy = app.ParkPolicy{MaxAttempts: 3, FirstDelay: time.Second, MaxDelay: time.Minute}
)

// provider answers every authorisation with auth_<order> and every
// refund with refund_<order>, or fails while unavailable.
type provider struct {
	mu          sync.Mutex
	unavailable bool
	calls       int
}

func (p *provider) setUnavailable(v bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.unavailable = v
}

func (p *provider) called() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

func (p *provider) Authorize(_ context.Context, req app.AuthorizationRequest) (app.Authorization, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.unavailable {
		return app.Authorization{}, errBreakerOpen
	}
	return app.Authorization{ID: "auth_" + req.OrderID}, nil
}

var errBreakerOpen = fmt.Errorf("%w: %w: the circuit breaker is open", app.ErrProviderUnavailable, app.ErrNotSent)

func (p *provider) Refund(_ context.Context, req app.RefundRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.unavailable {
		return "", errBreakerOpen
	}
	return "refund_" + req.OrderID, nil
}

func (p *provider) Void(context.Context, app.VoidRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.unavailable {
		return "", errBreakerOpen
	}
	return "", nil
}

// repository is the memory repository with a record of the decisions it
// stored, in order: what payments-publisher announces from the table's
// stream.
type repository struct {
	*adapters.PaymentMemoryRepository
	mu        sync.Mutex
	decisions []domain.Outcome
}

func (r *repository) UpdatePayment(ctx context.Context, orderID string, fn func(*domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	before := domain.OutcomeNone
	p, err := r.PaymentMemoryRepository.UpdatePayment(ctx, orderID, func(cur *domain.Payment) (*domain.Payment, error) {
		before = domain.OutcomeNone
		if cur != nil {
			before = cur.Outcome()
		}
		return fn(cur)
	})
	if err == nil && p.Outcome() != before && p.Outcome() != domain.OutcomeNone {
		r.mu.Lock()
		r.decisions = append(r.decisions, p.Outcome())
		r.mu.Unlock()
	}
	return p, err
}

// stored returns the decisions stored, in order.
func (r *repository) stored() []domain.Outcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.decisions)
}

// retries records the attempts of the scheduled retries.
type retries struct {
	mu       sync.Mutex
	attempts []int
}

func (r *retries) ScheduleRetry(_ context.Context, _ string, attempt int, _ time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, attempt)
	return nil
}

func (r *retries) ScheduleSettle(context.Context, string, int, time.Duration) error { return nil }

// breaker is the shared breaker state as the API reads it.
type breaker struct {
	until time.Time
	err   error
}

func (b breaker) OpenUntil(context.Context) (time.Time, error) { return b.until, b.err }

// table is the payments table as the health check sees it.
type table struct{ err error }

func (t table) Check(context.Context) error { return t.err }

var errTableDown = errors.New("the table does not answer")

// useCases is payments' application on the memory repository and the
// fakes, with the scheduler of retries given.
type useCases struct {
	repo     *repository
	provider *provider
	app      app.Application
}

func newUseCases(scheduler app.RetryScheduler, b breaker, health app.HealthChecker) *useCases {
	u := &useCases{repo: &repository{PaymentMemoryRepository: adapters.NewPaymentMemoryRepository()}, provider: &provider{}}
	log := slog.New(slog.DiscardHandler)
	u.app = app.Application{
		Commands: app.Commands{
			RecordOrder:      app.NewRecordOrderHandler(u.repo, clock, log),
			AuthorizePayment: app.NewAuthorizePaymentHandler(u.repo, u.provider, scheduler, policy, settlePolicy, clock, log),
			CancelPayment:    app.NewCancelPaymentHandler(u.repo, u.provider, scheduler, settlePolicy, clock, log),
			SettlePayment:    app.NewSettlePaymentHandler(u.repo, u.provider, scheduler, settlePolicy, clock, log),
		},
		Queries: app.Queries{PaymentByOrder: app.NewPaymentByOrderHandler(u.repo), Breaker: b},
		Health:  health,
	}
	return u
}
