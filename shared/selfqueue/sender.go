package selfqueue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// MaxDelay is the longest delay SQS gives a message (DelaySeconds).
const MaxDelay = 15 * time.Minute

// SQSAPI is the part of the SQS client a Sender uses.
type SQSAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// Sender sends a service's events to one of its own queues. It is safe
// for concurrent use.
type Sender struct {
	client   SQSAPI
	queueURL string
	source   string
	now      func() time.Time
}

// New returns a Sender that sends with client to the queue at queueURL,
// as source ("conveyor.<service>", the service's own).
func New(client SQSAPI, queueURL, source string) (*Sender, error) {
	if client == nil || queueURL == "" || source == "" {
		return nil, errors.New("selfqueue: an SQS client, a queue URL and a source are required")
	}
	return &Sender{client: client, queueURL: queueURL, source: source, now: time.Now}, nil
}

// bridgeEvent is an EventBridge event as a rule delivers it to SQS.
type bridgeEvent struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Time       time.Time       `json:"time"`
	Detail     events.Envelope `json:"detail"`
}

// Send sends e to the queue, to be delivered after delay: at once when
// delay is not positive, after MaxDelay at most (SQS counts whole
// seconds; a part of a second rounds up). It returns the delay the
// message got. id is the envelope's id: give every send of one fact the
// same id (eventbus.StableID), so that the consumer handles it once
// however often it is sent. The envelope takes its correlation and
// causation ids from ctx, as a published event does (eventbus.Meta).
func (s *Sender) Send(ctx context.Context, id string, e events.Event, delay time.Duration) (time.Duration, error) {
	if e == nil {
		return 0, errors.New("selfqueue: no event to send")
	}
	env, err := events.NewEnvelope(e, eventbus.Meta(ctx, id, s.source, s.now()))
	if err != nil {
		return 0, fmt.Errorf("selfqueue: send %s: %w", e.EventType(), err)
	}
	body, err := json.Marshal(bridgeEvent{Version: "0", ID: env.ID, DetailType: env.Type, Source: env.Source, Time: env.Time, Detail: env})
	if err != nil {
		return 0, fmt.Errorf("selfqueue: send %s %s: %w", env.Type, env.ID, err)
	}
	seconds := Seconds(delay)
	if _, err := s.client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:     aws.String(s.queueURL),
		MessageBody:  aws.String(string(body)),
		DelaySeconds: seconds,
	}); err != nil {
		return 0, fmt.Errorf("selfqueue: send %s %s: %w", env.Type, env.ID, err)
	}
	return time.Duration(seconds) * time.Second, nil
}

// Seconds returns the DelaySeconds SQS gives a message held back for
// delay: delay in whole seconds, rounded up, within 0 and MaxDelay.
func Seconds(delay time.Duration) int32 {
	delay = min(max(delay, 0), MaxDelay)
	return int32((delay + time.Second - 1) / time.Second)
}
