package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// outcomeMetric counts each outcome as it is announced (a repeat counts
// again; the events' ids tell repeats apart).
var outcomeMetric = map[string]string{
	events.TypePaymentAuthorized: metrics.MetricPaymentsAuthorized,
	events.TypePaymentDeclined:   metrics.MetricPaymentsDeclined,
	events.TypePaymentRefunded:   metrics.MetricPaymentsRefunded,
}

// announcer publishes the fact the payment's state records, built only
// from stored fields so that a repeat publishes the same event.
type announcer struct {
	pub Publisher
}

func (a announcer) announce(ctx context.Context, p *domain.Payment) error {
	var (
		e  events.Event
		at time.Time
	)
	money := events.Money{Amount: p.Amount().Amount, Currency: p.Amount().Currency}
	switch {
	case p.Status() == domain.StatusAuthorized && !p.Cancelled():
		e, at = events.PaymentAuthorized{OrderID: p.OrderID(), PaymentID: p.AuthorizationID(), Amount: money, AuthorizedAt: p.AuthorizedAt()}, p.AuthorizedAt()
	case p.Status() == domain.StatusDeclined:
		e, at = events.PaymentDeclined{OrderID: p.OrderID(), Reason: p.DeclineReason(), DeclinedAt: p.DeclinedAt()}, p.DeclinedAt()
	case p.Status() == domain.StatusRefunded:
		e, at = events.PaymentRefunded{OrderID: p.OrderID(), PaymentID: p.AuthorizationID(), Amount: money, RefundedAt: p.RefundedAt()}, p.RefundedAt()
	default:
		return nil
	}
	// The order id identifies the fact within its type: an order's
	// payment is authorised, declined or refunded at most once.
	if err := a.pub.PublishOnce(ctx, p.OrderID(), at, e); err != nil {
		return fmt.Errorf("announce %s of order %s: %w", e.EventType(), p.OrderID(), err)
	}
	metrics.FromContext(ctx).Add(outcomeMetric[e.EventType()], 1, metrics.Count)
	return nil
}
