package ports

import (
	"context"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// recordCancelled counts a cancelled order by its published reason and
// records how long its saga ran, from placement to cancellation.
func recordCancelled(ctx context.Context, o *domain.Order) {
	reason, ok := adapters.PublishedReason(o.CancelReason())
	if !ok || o.Status() != domain.StatusCancelled {
		return
	}
	m := metrics.FromContext(ctx)
	m.With(metrics.DimReason, string(reason)).Add(metrics.MetricOrdersCancelled, 1, metrics.Count)
	m.With(metrics.DimOutcome, "cancelled").Add(metrics.MetricSagaDuration,
		float64(o.UpdatedAt().Sub(o.PlacedAt())/time.Millisecond), metrics.Milliseconds)
}

// recordConfirmed counts a confirmed order and the time its saga took to
// get there.
func recordConfirmed(ctx context.Context, o *domain.Order) {
	m := metrics.FromContext(ctx)
	m.Add(metrics.MetricOrdersConfirmed, 1, metrics.Count)
	m.With(metrics.DimOutcome, "confirmed").Add(metrics.MetricSagaDuration,
		float64(o.UpdatedAt().Sub(o.PlacedAt())/time.Millisecond), metrics.Milliseconds)
}
