package adapters

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/selfqueue"
)

// RetrySQSScheduler schedules a parked authorisation's retry, or a parked
// refund's or void's, as a delayed message (shared/selfqueue) on the
// saga's own subscription queue, so the saga's consumer handles it like
// the platform events on that queue. Every delay the park policies give
// is within SQS's 15 minutes.
type RetrySQSScheduler struct {
	sender *selfqueue.Sender
}

// NewRetrySQSScheduler returns a scheduler sending with client to the
// queue at queueURL.
func NewRetrySQSScheduler(client selfqueue.SQSAPI, queueURL string) (*RetrySQSScheduler, error) {
	sender, err := selfqueue.New(client, queueURL, payments.Spec.Source())
	if err != nil {
		return nil, fmt.Errorf("adapters: %w", err)
	}
	return &RetrySQSScheduler{sender: sender}, nil
}

// ScheduleRetry sends the retry of orderID's attempt, delivered after delay.
// The retry's event id is the same for every send of one attempt, so the
// saga handles it once.
func (s *RetrySQSScheduler) ScheduleRetry(ctx context.Context, orderID string, attempt int, delay time.Duration) error {
	return s.schedule(ctx, app.PaymentRetryDue{OrderID: orderID, Attempt: attempt}, orderID, attempt, delay)
}

// ScheduleSettle sends the retry of orderID's parked refund or void
// attempt, delivered after delay, with an id that is the same for every
// send of one attempt.
func (s *RetrySQSScheduler) ScheduleSettle(ctx context.Context, orderID string, attempt int, delay time.Duration) error {
	return s.schedule(ctx, app.PaymentSettleDue{OrderID: orderID, Attempt: attempt}, orderID, attempt, delay)
}

func (s *RetrySQSScheduler) schedule(ctx context.Context, e events.Event, orderID string, attempt int, delay time.Duration) error {
	id := eventbus.StableID(payments.Spec.Source(), e.EventType(), orderID, strconv.Itoa(attempt))
	if _, err := s.sender.Send(ctx, id, e, max(delay, time.Second)); err != nil {
		return fmt.Errorf("schedule %s of order %s: %w", e.EventType(), orderID, err)
	}
	return nil
}
