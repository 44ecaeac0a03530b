package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// StartSagaDeadline starts the saga deadline of a placed order.
type StartSagaDeadline struct {
	ID       domain.OrderID
	PlacedAt time.Time
}

// StartSagaDeadlineHandler handles StartSagaDeadline.
type StartSagaDeadlineHandler struct {
	timer    DeadlineTimer
	deadline time.Duration
	now      func() time.Time
}

// NewStartSagaDeadlineHandler returns a handler that gives each order
// deadline after its placement, with timer; now is the clock.
func NewStartSagaDeadlineHandler(timer DeadlineTimer, deadline time.Duration, now func() time.Time) StartSagaDeadlineHandler {
	if timer == nil || deadline <= 0 || now == nil {
		panic("app: NewStartSagaDeadlineHandler needs a timer, a positive deadline and a clock")
	}
	return StartSagaDeadlineHandler{timer: timer, deadline: deadline, now: now}
}

// Handle schedules the first check of the order's deadline, for the time
// it is due. Starting a deadline twice schedules the same check.
func (h StartSagaDeadlineHandler) Handle(ctx context.Context, cmd StartSagaDeadline) error {
	due := cmd.PlacedAt.Add(h.deadline).UTC()
	check := CheckSagaDeadline{ID: cmd.ID, DueAt: due, Hop: 1}
	if err := h.timer.Schedule(ctx, check, due.Sub(h.now())); err != nil {
		return fmt.Errorf("start the saga deadline of order %s: %w", cmd.ID, err)
	}
	return nil
}
