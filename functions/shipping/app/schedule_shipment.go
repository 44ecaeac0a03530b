package app

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// Source is the EventBridge source of shipping's events.
const Source = events.SourcePrefix + "shipping"

var eventNamespace = uuid.MustParse("0b7f3c1e-9d4a-4f55-8f0e-6a2b1c9d7e42")

// EventID is the id of ShipmentScheduled for an order: the same for every
// publication, so consumers handle it once.
func EventID(orderID string) string {
	return uuid.NewSHA1(eventNamespace, []byte(orderID+"/"+events.TypeShipmentScheduled)).String()
}

// ScheduleShipment schedules the shipment of a confirmed order.
type ScheduleShipment struct {
	OrderID    string
	CustomerID string
	Lines      []domain.Line
}

// ScheduleShipmentHandler handles ScheduleShipment: one shipment per
// order, however often the confirmation arrives.
type ScheduleShipmentHandler struct {
	repo ShipmentRepository
	pub  Publisher
	now  func() time.Time
}

// NewScheduleShipmentHandler returns the handler.
func NewScheduleShipmentHandler(repo ShipmentRepository, pub Publisher, now func() time.Time) ScheduleShipmentHandler {
	if repo == nil || pub == nil || now == nil {
		panic("app: NewScheduleShipmentHandler needs every dependency")
	}
	return ScheduleShipmentHandler{repo: repo, pub: pub, now: now}
}

// Handle stores the shipment (or finds the one stored before) and
// publishes ShipmentScheduled with a stable id. An order whose
// cancellation reached shipping first gets no shipment and no event.
func (h ScheduleShipmentHandler) Handle(ctx context.Context, cmd ScheduleShipment) error {
	s, err := domain.NewShipment(cmd.OrderID, cmd.CustomerID, cmd.Lines, h.now())
	if err != nil {
		return fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	stored, err := h.repo.CreateShipment(ctx, s)
	if err != nil {
		return fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	if stored.Status == domain.StatusCancelled {
		return nil
	}
	lines := make([]events.StockLine, len(stored.Lines))
	for i, l := range stored.Lines {
		lines[i] = events.StockLine{SKU: l.SKU, Quantity: l.Quantity}
	}
	meta := events.Meta{ID: EventID(stored.OrderID), Source: Source, Time: stored.ScheduledAt, CorrelationID: correlation.From(ctx)}
	if cause, ok := events.CauseFromContext(ctx); ok {
		meta.CausationID = cause.ID
		if meta.CorrelationID == "" {
			meta.CorrelationID = cause.CorrelationID
		}
	}
	if meta.CorrelationID == "" {
		meta.CorrelationID = stored.OrderID
	}
	env, err := events.NewEnvelope(events.ShipmentScheduled{
		OrderID: stored.OrderID, ShipmentID: stored.ShipmentID, Carrier: stored.Carrier, TrackingNumber: stored.TrackingID,
		Lines: lines, ShipBy: stored.ShipBy, ScheduledAt: stored.ScheduledAt,
	}, meta)
	if err != nil {
		return fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	if err := h.pub.PublishEnvelopes(ctx, env); err != nil {
		return fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	metrics.FromContext(ctx).Add(metrics.MetricOrdersShipped, 1, metrics.Count)
	return nil
}
