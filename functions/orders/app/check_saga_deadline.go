package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// CheckSagaDeadline checks an order's saga deadline, due at DueAt; Hop
// counts the checks of the deadline, from 1.
type CheckSagaDeadline struct {
	ID    domain.OrderID
	DueAt time.Time
	Hop   int
}

// DeadlineOutcome is what a check of a saga deadline did.
type DeadlineOutcome int

// The outcomes of a check.
const (
	// DeadlineMet: the order had left PENDING; the deadline is over.
	DeadlineMet DeadlineOutcome = iota + 1
	// DeadlineNotYetDue: the check came early; the next one is scheduled.
	DeadlineNotYetDue
	// DeadlineExpired: the order was still PENDING at its deadline, and
	// this check cancelled it (saga_timeout).
	DeadlineExpired
)

// CheckedDeadline is the result of CheckSagaDeadline.
type CheckedDeadline struct {
	Order   *domain.Order
	Outcome DeadlineOutcome
}

// CheckSagaDeadlineHandler handles CheckSagaDeadline.
type CheckSagaDeadlineHandler struct {
	store EventStore
	timer DeadlineTimer
	now   func() time.Time
}

// NewCheckSagaDeadlineHandler returns a handler committing to store and
// scheduling early checks again with timer; now is the clock.
func NewCheckSagaDeadlineHandler(store EventStore, timer DeadlineTimer, now func() time.Time) CheckSagaDeadlineHandler {
	if store == nil || timer == nil || now == nil {
		panic("app: NewCheckSagaDeadlineHandler needs an event store, a timer and a clock")
	}
	return CheckSagaDeadlineHandler{store: store, timer: timer, now: now}
}

// Handle cancels the order with reason saga_timeout when it is still
// PENDING and its deadline has come; when the deadline is still ahead it
// schedules the next check for the time left. An order that is no longer
// PENDING is left as it is, so a repeated or late check changes nothing.
// The cancellation is a commit like any other: when a confirmation or
// another cancellation commits first, the check loads the order again
// and finds it no longer PENDING.
func (h CheckSagaDeadlineHandler) Handle(ctx context.Context, cmd CheckSagaDeadline) (CheckedDeadline, error) {
	var (
		outcome DeadlineOutcome
		now     time.Time
	)
	o, err := h.store.Append(ctx, cmd.ID, func(_ context.Context, current *domain.Order) ([]domain.Event, error) {
		if current == nil {
			return nil, domain.ErrOrderNotFound
		}
		if current.Status() != domain.StatusPending {
			outcome = DeadlineMet
			return nil, nil
		}
		if now = h.now(); now.Before(cmd.DueAt) {
			outcome = DeadlineNotYetDue
			return nil, nil
		}
		outcome = DeadlineExpired
		return current.Cancel(domain.ReasonSagaTimeout, now)
	})
	if err != nil {
		return CheckedDeadline{}, fmt.Errorf("check the saga deadline of order %s: %w", cmd.ID, err)
	}
	if outcome == DeadlineNotYetDue {
		next := CheckSagaDeadline{ID: cmd.ID, DueAt: cmd.DueAt, Hop: cmd.Hop + 1}
		if err := h.timer.Schedule(ctx, next, cmd.DueAt.Sub(now)); err != nil {
			return CheckedDeadline{}, fmt.Errorf("check the saga deadline of order %s again: %w", cmd.ID, err)
		}
	}
	return CheckedDeadline{Order: o, Outcome: outcome}, nil
}
