package ports_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// policy gives three tries: the first and two retries.
var policy = app.ParkPolicy{MaxAttempts: 3, FirstDelay: time.Second, MaxDelay: time.Minute}

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
		return app.Authorization{}, fmt.Errorf("%w: the circuit breaker is open", app.ErrProviderUnavailable)
	}
	return app.Authorization{ID: "auth_" + req.OrderID}, nil
}

func (p *provider) Refund(_ context.Context, req app.RefundRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.unavailable {
		return "", fmt.Errorf("%w: the circuit breaker is open", app.ErrProviderUnavailable)
	}
	return "refund_" + req.OrderID, nil
}

// publisher records the types of the events published.
type publisher struct {
	mu    sync.Mutex
	types []string
}

func (p *publisher) PublishOnce(_ context.Context, _ string, _ time.Time, e events.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.types = append(p.types, e.EventType())
	return nil
}

func (p *publisher) published() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.types)
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
	repo     *adapters.PaymentMemoryRepository
	provider *provider
	pub      *publisher
	app      app.Application
}

func newUseCases(scheduler app.RetryScheduler, b breaker, health app.HealthChecker) *useCases {
	u := &useCases{repo: adapters.NewPaymentMemoryRepository(), provider: &provider{}, pub: &publisher{}}
	log := slog.New(slog.DiscardHandler)
	u.app = app.Application{
		Commands: app.Commands{
			RecordOrder:      app.NewRecordOrderHandler(u.repo, clock),
			AuthorizePayment: app.NewAuthorizePaymentHandler(u.repo, u.provider, u.pub, scheduler, policy, clock, log),
			CancelPayment:    app.NewCancelPaymentHandler(u.repo, u.provider, u.pub, clock),
		},
		Queries: app.Queries{PaymentByOrder: app.NewPaymentByOrderHandler(u.repo), Breaker: b},
		Health:  health,
	}
	return u
}
