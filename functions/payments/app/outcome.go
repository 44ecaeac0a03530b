package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// outcomeMetric counts each decision once, when it is stored.
var outcomeMetric = map[domain.Outcome]string{
	domain.OutcomeAuthorized: metrics.MetricPaymentsAuthorized,
	domain.OutcomeDeclined:   metrics.MetricPaymentsDeclined,
	domain.OutcomeRefunded:   metrics.MetricPaymentsRefunded,
}

// update changes the order's payment through repo, as
// PaymentRepository.UpdatePayment does, and counts the decision the
// change stored, if it stored a new one. The decision itself is published
// from the table's stream.
func update(ctx context.Context, repo PaymentRepository, orderID string, fn func(cur *domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	before := domain.OutcomeNone
	p, err := repo.UpdatePayment(ctx, orderID, func(cur *domain.Payment) (*domain.Payment, error) {
		before = domain.OutcomeNone
		if cur != nil {
			before = cur.Outcome()
		}
		return fn(cur)
	})
	if err != nil {
		return nil, err
	}
	if after := p.Outcome(); after != before && after != domain.OutcomeNone {
		metrics.FromContext(ctx).Add(outcomeMetric[after], 1, metrics.Count)
	}
	return p, nil
}
