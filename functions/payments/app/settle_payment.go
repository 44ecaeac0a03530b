package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// SettlePayment is the retry Attempt of an order's parked refund or void.
type SettlePayment struct {
	OrderID string
	Attempt int
}

// SettlePaymentHandler handles SettlePayment.
type SettlePaymentHandler struct {
	repo   PaymentRepository
	settle settler
	log    *slog.Logger
}

// NewSettlePaymentHandler returns the handler; settle paces the parked
// refunds and voids.
func NewSettlePaymentHandler(repo PaymentRepository, provider Provider, retries RetryScheduler, settle ParkPolicy, now func() time.Time, log *slog.Logger) SettlePaymentHandler {
	if repo == nil || provider == nil || retries == nil || now == nil || log == nil {
		panic("app: NewSettlePaymentHandler needs every dependency")
	}
	return SettlePaymentHandler{repo: repo, log: log, settle: newSettler(repo, provider, retries, settle, now, log)}
}

// Handle tries the refund or void again, unless the retry is stale: the
// settlement is done, or a later attempt superseded this one.
func (h SettlePaymentHandler) Handle(ctx context.Context, cmd SettlePayment) error {
	p, err := h.repo.Payment(ctx, cmd.OrderID)
	if errors.Is(err, domain.ErrPaymentNotFound) {
		h.log.WarnContext(ctx, "settlement retry of an unknown payment ignored", slog.String("orderId", cmd.OrderID), slog.Int("attempt", cmd.Attempt))
		return nil
	}
	if err != nil {
		return fmt.Errorf("settle order %s: %w", cmd.OrderID, err)
	}
	if !p.SettlementDue() || p.SettleAttempts() != cmd.Attempt {
		h.log.InfoContext(ctx, "stale settlement retry ignored", slog.String("orderId", cmd.OrderID),
			slog.Int("attempt", cmd.Attempt), slog.Int("settleAttempts", p.SettleAttempts()))
		return nil
	}
	return h.settle.settle(ctx, p)
}

// RefundKey is the provider idempotency key of an order's refund.
func RefundKey(orderID string) string { return "refund-" + orderID }

// VoidKey is the provider idempotency key of the void of an order's
// authorisation key.
func VoidKey(orderID string) string { return "void-" + orderID }

// settler gives back what a payment still holds at the provider: the
// refund of a cancelled order's authorisation, or the void of whatever an
// unanswered try may have authorised. A provider that cannot be reached
// parks it with a delayed retry (policy), and after the last attempt it
// is abandoned with an error log line and metrics.MetricRefundsAbandoned,
// for an operator to finish.
type settler struct {
	repo     PaymentRepository
	provider Provider
	retries  RetryScheduler
	policy   ParkPolicy
	now      func() time.Time
	log      *slog.Logger
}

func newSettler(repo PaymentRepository, provider Provider, retries RetryScheduler, policy ParkPolicy, now func() time.Time, log *slog.Logger) settler {
	if err := policy.Validate(); err != nil {
		panic("app: settlement " + err.Error())
	}
	return settler{repo: repo, provider: provider, retries: retries, policy: policy, now: now, log: log}
}

// settle refunds or voids what p owes, if anything.
func (s settler) settle(ctx context.Context, p *domain.Payment) error {
	var (
		what   string
		change func(cur *domain.Payment) (*domain.Payment, error)
	)
	switch {
	case p.RefundDue():
		what = "refund"
		id, err := s.provider.Refund(ctx, RefundRequest{
			OrderID: p.OrderID(), AuthorizationID: p.AuthorizationID(), Amount: p.Amount(), IdempotencyKey: RefundKey(p.OrderID()),
		})
		if errors.Is(err, ErrProviderUnavailable) {
			return s.park(ctx, p, what, err)
		}
		if err != nil {
			return fmt.Errorf("refund order %s: %w", p.OrderID(), err)
		}
		change = func(cur *domain.Payment) (*domain.Payment, error) { return cur.Refund(id, s.now()) }
	case p.VoidDue():
		what = "void"
		id, err := s.provider.Void(ctx, VoidRequest{
			OrderID: p.OrderID(), AuthorizationKey: AuthorizationKey(p.OrderID()), IdempotencyKey: VoidKey(p.OrderID()),
		})
		if errors.Is(err, ErrProviderUnavailable) {
			return s.park(ctx, p, what, err)
		}
		if err != nil {
			return fmt.Errorf("void order %s: %w", p.OrderID(), err)
		}
		if id != "" {
			s.log.InfoContext(ctx, "void: the provider had authorised an unanswered try; the authorisation is cancelled",
				slog.String("orderId", p.OrderID()), slog.String("authorizationId", id))
		}
		change = func(cur *domain.Payment) (*domain.Payment, error) { return cur.Void(id, s.now()) }
	default:
		return nil
	}
	_, err := update(ctx, s.repo, p.OrderID(), func(cur *domain.Payment) (*domain.Payment, error) {
		if cur == nil {
			return nil, domain.ErrPaymentNotFound
		}
		return change(cur)
	})
	if err != nil {
		return fmt.Errorf("%s order %s: %w", what, p.OrderID(), err)
	}
	return nil
}

// park schedules the next settlement try, or abandons the settlement when
// the tries are spent. As with parked authorisations, the retry is
// scheduled before the count is stored.
func (s settler) park(ctx context.Context, p *domain.Payment, what string, cause error) error {
	next := p.SettleAttempts() + 1
	if next < s.policy.MaxAttempts {
		delay := s.policy.Delay(next)
		if err := s.retries.ScheduleSettle(ctx, p.OrderID(), next, delay); err != nil {
			return fmt.Errorf("park %s of order %s: %w", what, p.OrderID(), err)
		}
		s.log.WarnContext(ctx, what+" parked: the provider is unavailable; retrying later",
			slog.String("orderId", p.OrderID()), slog.Int("attempt", next), slog.Duration("retryIn", delay), slog.String("cause", cause.Error()))
	}
	abandoned := false
	stored, err := s.repo.UpdatePayment(ctx, p.OrderID(), func(cur *domain.Payment) (*domain.Payment, error) {
		abandoned = false
		if cur == nil {
			return nil, domain.ErrPaymentNotFound
		}
		if !cur.SettlementDue() || cur.SettleAttempts() != next-1 {
			return cur, nil
		}
		parked, err := cur.ParkSettlement(s.policy.MaxAttempts, s.now())
		abandoned = err == nil && parked.SettlementAbandoned()
		return parked, err
	})
	if err != nil {
		return fmt.Errorf("park %s of order %s: %w", what, p.OrderID(), err)
	}
	if abandoned {
		s.log.ErrorContext(ctx, what+" abandoned: the provider stayed unavailable through every retry; the order's money may still be held, and an operator must settle it",
			slog.String("orderId", p.OrderID()), slog.String("authorizationId", stored.AuthorizationID()),
			slog.Int("settleAttempts", stored.SettleAttempts()), slog.String("cause", cause.Error()))
		metrics.FromContext(ctx).Add(metrics.MetricRefundsAbandoned, 1, metrics.Count)
	}
	return nil
}
