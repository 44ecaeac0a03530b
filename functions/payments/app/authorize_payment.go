package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

// AuthorizePayment asks for the authorisation of an order's amount: on
// StockReserved (Attempt 0), or as the retry Attempt of a parked payment.
type AuthorizePayment struct {
	OrderID string
	// Amount is the amount the triggering event carries; payments' own
	// copy from OrderPlaced wins when it has one.
	Amount domain.Money
	// Attempt is 0 for the first try, else the parked attempt this retry
	// follows.
	Attempt int
}

// ParkPolicy says how parked authorisations are retried.
type ParkPolicy struct {
	// MaxAttempts is how many tries an authorisation gets before it is
	// declined with domain.ReasonProviderUnavailable.
	MaxAttempts int
	// FirstDelay is the wait before the first retry; each next one
	// doubles, up to MaxDelay, with up to a fifth of jitter either way.
	FirstDelay time.Duration
	MaxDelay   time.Duration
}

// Validate reports a policy that cannot work.
func (p ParkPolicy) Validate() error {
	if p.MaxAttempts < 1 || p.FirstDelay < time.Second || p.MaxDelay < p.FirstDelay || p.MaxDelay > 15*time.Minute {
		return fmt.Errorf("park policy: want at least one attempt and 1s <= first delay <= max delay <= 15m, got %+v", p)
	}
	return nil
}

// Delay is the wait before retry attempt (1 for the first retry).
func (p ParkPolicy) Delay(attempt int) time.Duration {
	d := p.FirstDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	jitter := time.Duration((rand.Float64()*0.4 - 0.2) * float64(d))
	return max(time.Second, d+jitter)
}

// AuthorizePaymentHandler handles AuthorizePayment: one authorisation per
// order, ever, whatever is delivered twice or raced.
type AuthorizePaymentHandler struct {
	repo     PaymentRepository
	provider Provider
	retries  RetryScheduler
	settle   settler
	policy   ParkPolicy
	now      func() time.Time
	log      *slog.Logger
}

// NewAuthorizePaymentHandler returns the handler. policy paces the parked
// authorisations, settle the parked refunds and voids.
func NewAuthorizePaymentHandler(repo PaymentRepository, provider Provider, retries RetryScheduler, policy, settle ParkPolicy, now func() time.Time, log *slog.Logger) AuthorizePaymentHandler {
	if repo == nil || provider == nil || retries == nil || now == nil || log == nil {
		panic("app: NewAuthorizePaymentHandler needs every dependency")
	}
	if err := policy.Validate(); err != nil {
		panic("app: " + err.Error())
	}
	return AuthorizePaymentHandler{
		repo: repo, provider: provider, retries: retries, policy: policy, now: now, log: log,
		settle: newSettler(repo, provider, retries, settle, now, log),
	}
}

// AuthorizationKey is the provider idempotency key of an order's
// authorisation: the same for every try, so the provider authorises once.
func AuthorizationKey(orderID string) string { return "authorize-" + orderID }

// errNoPayment stops a retry of a payment that was never stored.
var errNoPayment = errors.New("no payment is stored for the order")

// Handle authorises, declines or parks the payment, and settles at the
// provider what a cancelled or declined payment may still hold there. An
// amount that is not positive is declined as domain.ReasonInvalidAmount
// without asking the provider.
func (h AuthorizePaymentHandler) Handle(ctx context.Context, cmd AuthorizePayment) error {
	p, err := update(ctx, h.repo, cmd.OrderID, func(cur *domain.Payment) (*domain.Payment, error) {
		if cur == nil && cmd.Attempt > 0 {
			return nil, errNoPayment
		}
		p, err := orNew(cur, cmd.OrderID, h.now())
		if err != nil || p.Amount() != (domain.Money{}) {
			return p, err
		}
		withAmount, err := p.RecordAmount(cmd.Amount)
		if errors.Is(err, domain.ErrInvalidAmount) {
			return p.Decline(domain.ReasonInvalidAmount, h.now())
		}
		return withAmount, err
	})
	switch {
	case errors.Is(err, errNoPayment):
		h.log.WarnContext(ctx, "authorisation retry of an unknown payment ignored", slog.String("orderId", cmd.OrderID), slog.Int("attempt", cmd.Attempt))
		return nil
	case err != nil:
		return fmt.Errorf("authorize order %s: %w", cmd.OrderID, err)
	}
	switch {
	case !p.Awaiting():
		if p.DeclineReason() == domain.ReasonInvalidAmount && cmd.Attempt == 0 {
			h.log.WarnContext(ctx, "payment declined: the order's amount is not one to authorise",
				slog.String("orderId", cmd.OrderID), slog.Int64("amount", cmd.Amount.Amount), slog.String("currency", cmd.Amount.Currency))
		}
		// Decided already (the decision is published from the table's
		// stream): only a refund or void may still be owed.
		return h.settle.settle(ctx, p)
	case cmd.Attempt == 0 && p.Status() == domain.StatusParked:
		// A repeated StockReserved: the parked retries carry on.
		return nil
	case cmd.Attempt > 0 && (p.Status() != domain.StatusParked || p.Attempts() != cmd.Attempt):
		h.log.InfoContext(ctx, "stale authorisation retry ignored", slog.String("orderId", cmd.OrderID), slog.Int("attempt", cmd.Attempt), slog.Int("attempts", p.Attempts()))
		return nil
	}

	auth, err := h.provider.Authorize(ctx, AuthorizationRequest{OrderID: p.OrderID(), Amount: p.Amount(), IdempotencyKey: AuthorizationKey(p.OrderID())})
	switch {
	case errors.Is(err, ErrProviderUnavailable):
		return h.park(ctx, p, err)
	case err != nil:
		return fmt.Errorf("authorize order %s: %w", cmd.OrderID, err)
	}
	p, err = update(ctx, h.repo, cmd.OrderID, func(cur *domain.Payment) (*domain.Payment, error) {
		if cur == nil {
			return nil, domain.ErrPaymentNotFound
		}
		if auth.Declined {
			return cur.Decline(auth.Reason, h.now())
		}
		return cur.Authorize(auth.ID, h.now())
	})
	if err != nil {
		return fmt.Errorf("authorize order %s: %w", cmd.OrderID, err)
	}
	return h.settle.settle(ctx, p)
}

// park schedules the next try, or declines when the tries are spent. The
// retry is scheduled before the parked state is stored: a retry whose
// state did not get stored is ignored as stale, and the redelivered event
// tries again. A try whose request may have reached the provider leaves
// the payment uncertain, so a decline or a cancel voids whatever the
// provider authorised meanwhile.
func (h AuthorizePaymentHandler) park(ctx context.Context, p *domain.Payment, cause error) error {
	next := p.Attempts() + 1
	unanswered := !errors.Is(cause, ErrNotSent)
	if next < h.policy.MaxAttempts {
		delay := h.policy.Delay(next)
		if err := h.retries.ScheduleRetry(ctx, p.OrderID(), next, delay); err != nil {
			return fmt.Errorf("park order %s: %w", p.OrderID(), err)
		}
		h.log.WarnContext(ctx, "payment parked: the provider is unavailable; retrying later",
			slog.String("orderId", p.OrderID()), slog.Int("attempt", next), slog.Duration("retryIn", delay),
			slog.Bool("unanswered", unanswered), slog.String("cause", cause.Error()))
	}
	stored, err := update(ctx, h.repo, p.OrderID(), func(cur *domain.Payment) (*domain.Payment, error) {
		if cur == nil {
			return nil, domain.ErrPaymentNotFound
		}
		if !cur.Awaiting() || cur.Attempts() != next-1 {
			return cur, nil
		}
		return cur.Park(h.policy.MaxAttempts, unanswered, h.now())
	})
	if err != nil {
		return fmt.Errorf("park order %s: %w", p.OrderID(), err)
	}
	if stored.Status() == domain.StatusDeclined && stored.DeclineReason() == domain.ReasonProviderUnavailable {
		h.log.WarnContext(ctx, "payment declined: the provider stayed unavailable through every retry",
			slog.String("orderId", p.OrderID()), slog.Int("attempts", stored.Attempts()), slog.Bool("voidDue", stored.VoidDue()))
	}
	return h.settle.settle(ctx, stored)
}
