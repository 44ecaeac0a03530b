package app

import (
	"context"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders"
)

// OrderDeadlineDue says that a check of an order's saga deadline is due.
// The events function sends it to its own queue as a delayed message (see
// DeadlineTimer), never to the bus, and handles it like the platform
// events that queue carries.
type OrderDeadlineDue struct {
	OrderID string `json:"orderId"`
	// DueAt is the order's saga deadline.
	DueAt time.Time `json:"dueAt"`
	// Hop counts the checks of this deadline, from 1: a deadline further
	// away than a queue can hold a message is checked more than once.
	Hop int `json:"hop"`
}

// EventType returns orders.DeadlineDueType.
func (OrderDeadlineDue) EventType() string { return orders.DeadlineDueType }

// EventVersion returns 1.
func (OrderDeadlineDue) EventVersion() int { return 1 }

// DeadlineTimer delivers a check of a saga deadline later. Implementations
// must be safe for concurrent use.
type DeadlineTimer interface {
	// Schedule has check delivered to CheckSagaDeadlineHandler after
	// delay, or earlier when delay is longer than it can wait: the check
	// then finds the deadline not yet due and schedules the next hop.
	// Scheduling the same check twice delivers it once (or the copies are
	// handled once).
	Schedule(ctx context.Context, check CheckSagaDeadline, delay time.Duration) error
}
