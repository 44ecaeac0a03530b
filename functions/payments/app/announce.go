package app

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// Source is the EventBridge source of payments' events.
const Source = events.SourcePrefix + "payments"

// eventNamespace seeds the stable ids of payments' events.
var eventNamespace = uuid.MustParse("6f1c8a51-2f36-4c4e-9a53-3f1d0f0f7a11")

// EventID is the id of the event of eventType about an order: the same
// for every publication of the same fact, so consumers handle it once.
func EventID(orderID, eventType string) string {
	return uuid.NewSHA1(eventNamespace, []byte(orderID+"/"+eventType)).String()
}

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
	meta := events.Meta{ID: EventID(p.OrderID(), e.EventType()), Source: Source, Time: at, CorrelationID: correlation.From(ctx)}
	if cause, ok := events.CauseFromContext(ctx); ok {
		meta.CausationID = cause.ID
		if meta.CorrelationID == "" {
			meta.CorrelationID = cause.CorrelationID
		}
	}
	if meta.CorrelationID == "" {
		meta.CorrelationID = p.OrderID()
	}
	env, err := events.NewEnvelope(e, meta)
	if err != nil {
		return fmt.Errorf("announce %s of order %s: %w", e.EventType(), p.OrderID(), err)
	}
	if err := a.pub.PublishEnvelopes(ctx, env); err != nil {
		return fmt.Errorf("announce %s of order %s: %w", e.EventType(), p.OrderID(), err)
	}
	metrics.FromContext(ctx).Add(outcomeMetric[e.EventType()], 1, metrics.Count)
	return nil
}
