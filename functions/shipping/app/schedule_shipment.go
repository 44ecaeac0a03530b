package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

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

// Handle stores the shipment (or finds the one stored before, see
// domain.Schedule) and publishes ShipmentScheduled once per order: a
// repeat publishes the same event, with the same id (PublishOnce keys it
// by the order). An order whose cancellation reached shipping first gets
// no shipment and no event.
func (h ScheduleShipmentHandler) Handle(ctx context.Context, cmd ScheduleShipment) error {
	s, err := domain.NewShipment(cmd.OrderID, cmd.CustomerID, cmd.Lines, h.now())
	if err != nil {
		return fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	stored, err := h.repo.UpdateShipment(ctx, cmd.OrderID, func(current *domain.Shipment) (*domain.Shipment, error) {
		return domain.Schedule(current, s), nil
	})
	if err != nil {
		return fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	if stored.Status() == domain.StatusCancelled {
		return nil
	}
	if err := h.pub.PublishOnce(ctx, stored.OrderID(), stored.ScheduledAt(), shipmentScheduled(stored)); err != nil {
		return fmt.Errorf("schedule shipment of order %s: publish: %w", cmd.OrderID, err)
	}
	metrics.FromContext(ctx).Add(metrics.MetricOrdersShipped, 1, metrics.Count)
	return nil
}

// shipmentScheduled returns the ShipmentScheduled event of a scheduled
// shipment.
func shipmentScheduled(s *domain.Shipment) events.ShipmentScheduled {
	lines := make([]events.StockLine, 0, len(s.Lines()))
	for _, l := range s.Lines() {
		lines = append(lines, events.StockLine{SKU: l.SKU, Quantity: l.Quantity})
	}
	return events.ShipmentScheduled{
		OrderID: s.OrderID(), ShipmentID: s.ShipmentID(), Carrier: s.Carrier(), TrackingNumber: s.TrackingID(),
		Lines: lines, ShipBy: s.ShipBy(), ScheduledAt: s.ScheduledAt(),
	}
}
