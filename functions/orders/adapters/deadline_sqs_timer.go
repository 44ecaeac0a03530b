package adapters

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/selfqueue"
)

// DeadlineSQSTimer schedules the checks of saga deadlines as delayed
// OrderDeadlineDue messages on the events function's own queue (see
// shared/selfqueue): SQS holds each for up to selfqueue.MaxDelay, so a
// deadline further away is checked early and scheduled again.
type DeadlineSQSTimer struct {
	sender *selfqueue.Sender
}

// NewDeadlineSQSTimer returns a timer sending with client to the queue at
// queueURL.
func NewDeadlineSQSTimer(client selfqueue.SQSAPI, queueURL string) (*DeadlineSQSTimer, error) {
	s, err := selfqueue.New(client, queueURL, orders.Spec.Source())
	if err != nil {
		return nil, err
	}
	return &DeadlineSQSTimer{sender: s}, nil
}

// Schedule sends check, delivered after delay (at most
// selfqueue.MaxDelay). The message's id is the same for every send of one
// check (the order, its deadline and the hop), so the consumer handles it
// once however often it is sent.
func (t *DeadlineSQSTimer) Schedule(ctx context.Context, check app.CheckSagaDeadline, delay time.Duration) error {
	if check.ID == "" || check.DueAt.IsZero() || check.Hop < 1 {
		return errors.New("adapters: a deadline check needs an order, a due time and a hop")
	}
	due := check.DueAt.UTC()
	e := app.OrderDeadlineDue{OrderID: string(check.ID), DueAt: due, Hop: check.Hop}
	id := eventbus.StableID(orders.Spec.Source(), e.EventType(), e.OrderID,
		due.Format(time.RFC3339Nano), strconv.Itoa(check.Hop))
	_, err := t.sender.Send(ctx, id, e, delay)
	return err
}
