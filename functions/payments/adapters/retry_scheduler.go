package adapters

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// SQSAPI is the part of the SQS client the scheduler uses.
type SQSAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// maxDelay is the longest SQS message timer.
const maxDelay = 15 * time.Minute

// RetrySQSScheduler schedules a parked authorisation's retry as an SQS
// message timer (DelaySeconds, at most 15 minutes) on the saga's own
// subscription queue. The message has the shape of an EventBridge event
// whose detail is the envelope of an app.PaymentRetryDue, so the saga's
// consumer handles it like the platform events on that queue.
type RetrySQSScheduler struct {
	client   SQSAPI
	queueURL string
	now      func() time.Time
}

// NewRetrySQSScheduler returns a scheduler sending with client to the
// queue at queueURL.
func NewRetrySQSScheduler(client SQSAPI, queueURL string) (*RetrySQSScheduler, error) {
	if client == nil || queueURL == "" {
		return nil, errors.New("adapters: an SQS client and a queue URL are required")
	}
	return &RetrySQSScheduler{client: client, queueURL: queueURL, now: time.Now}, nil
}

// queuedEvent is an EventBridge event as a rule delivers it to SQS.
type queuedEvent struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Time       time.Time       `json:"time"`
	Detail     events.Envelope `json:"detail"`
}

// ScheduleRetry sends the retry of orderID's attempt, delivered after delay.
// The retry's event id is the same for every send of one attempt, so the
// saga handles it once.
func (s *RetrySQSScheduler) ScheduleRetry(ctx context.Context, orderID string, attempt int, delay time.Duration) error {
	e := app.PaymentRetryDue{OrderID: orderID, Attempt: attempt}
	source := payments.Spec.Source()
	id := eventbus.StableID(source, e.EventType(), orderID, strconv.Itoa(attempt))
	env, err := events.NewEnvelope(e, eventbus.Meta(ctx, id, source, s.now()))
	if err != nil {
		return fmt.Errorf("schedule retry of order %s: %w", orderID, err)
	}
	body, err := json.Marshal(queuedEvent{Version: "0", ID: env.ID, DetailType: env.Type, Source: env.Source, Time: env.Time, Detail: env})
	if err != nil {
		return fmt.Errorf("schedule retry of order %s: %w", orderID, err)
	}
	seconds := int32(min(max(delay.Round(time.Second), time.Second), maxDelay) / time.Second)
	_, err = s.client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:     aws.String(s.queueURL),
		MessageBody:  aws.String(string(body)),
		DelaySeconds: seconds,
	})
	if err != nil {
		return fmt.Errorf("schedule retry of order %s: %w", orderID, err)
	}
	return nil
}
