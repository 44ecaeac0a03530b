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
	now  func() time.Time
}

// NewScheduleShipmentHandler returns the handler.
func NewScheduleShipmentHandler(repo ShipmentRepository, now func() time.Time) ScheduleShipmentHandler {
	if repo == nil || now == nil {
		panic("app: NewScheduleShipmentHandler needs a repository and a clock")
	}
	return ScheduleShipmentHandler{repo: repo, now: now}
}

// Handle stores the shipment (or finds the one stored before, see
// domain.Schedule) and returns what the order has. The stored shipment is
// the decision: shipping-publisher announces it as ShipmentScheduled from
// the table's stream (see Announcement), so it is published if and only
// if it was stored, however long the bus is down. A repeat finds the
// stored shipment and changes nothing; an order whose cancellation
// reached shipping first gets no shipment. The shipment counts as an
// order shipped when it is first stored.
func (h ScheduleShipmentHandler) Handle(ctx context.Context, cmd ScheduleShipment) (*domain.Shipment, error) {
	s, err := domain.NewShipment(cmd.OrderID, cmd.CustomerID, cmd.Lines, h.now())
	if err != nil {
		return nil, fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	var created bool
	stored, err := h.repo.UpdateShipment(ctx, cmd.OrderID, func(current *domain.Shipment) (*domain.Shipment, error) {
		next := domain.Schedule(current, s)
		created = next != current
		return next, nil
	})
	if err != nil {
		return nil, fmt.Errorf("schedule shipment of order %s: %w", cmd.OrderID, err)
	}
	if created {
		metrics.FromContext(ctx).Add(metrics.MetricOrdersShipped, 1, metrics.Count)
	}
	return stored, nil
}

// Announcement returns the event that announces a stored shipment, and
// when it was scheduled: ShipmentScheduled for a scheduled shipment. A
// cancelled shipment, or the mark of a cancellation that came first,
// announces nothing (ok is false). The event follows from the shipment
// alone, so announcing the same shipment again gives the same event.
func Announcement(s *domain.Shipment) (e events.Event, at time.Time, ok bool) {
	if s.Status() != domain.StatusScheduled || !s.Scheduled() {
		return nil, time.Time{}, false
	}
	return ShipmentScheduledOf(s), s.ScheduledAt(), true
}

// ShipmentScheduledOf returns the ShipmentScheduled event of a scheduled
// shipment.
func ShipmentScheduledOf(s *domain.Shipment) events.ShipmentScheduled {
	lines := make([]events.StockLine, 0, len(s.Lines()))
	for _, l := range s.Lines() {
		lines = append(lines, events.StockLine{SKU: l.SKU, Quantity: l.Quantity})
	}
	return events.ShipmentScheduled{
		OrderID: s.OrderID(), ShipmentID: s.ShipmentID(), Carrier: s.Carrier(), TrackingNumber: s.TrackingID(),
		Lines: lines, ShipBy: s.ShipBy(), ScheduledAt: s.ScheduledAt(),
	}
}
