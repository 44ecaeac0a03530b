package selfqueue_test

import (
	"context"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/consumer/consumertest"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/selfqueue"
)

// widgetDue is a service's own message: a widget's check is due.
type widgetDue struct {
	Widget string `json:"widget"`
}

func (widgetDue) EventType() string { return "WidgetDue" }
func (widgetDue) EventVersion() int { return 1 }

// newQueue creates a queue of its own on the emulator.
func newQueue(t *testing.T) (*sqs.Client, string) {
	t.Helper()
	client := kumotest.Start(t).SQS()
	out, err := client.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "self"))})
	if err != nil {
		t.Fatal(err)
	}
	return client, aws.ToString(out.QueueUrl)
}

// receive returns the messages the queue delivers within wait.
func receive(t *testing.T, client *sqs.Client, url string, wait time.Duration) []lambdaevents.SQSMessage {
	t.Helper()
	var got []lambdaevents.SQSMessage
	deadline := time.Now().Add(wait)
	for {
		out, err := client.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			got = append(got, lambdaevents.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)})
		}
		if len(got) > 0 || time.Now().After(deadline) {
			return got
		}
	}
}

func TestASentMessageIsDeliveredAfterItsDelayAsTheConsumerExpects(t *testing.T) {
	client, url := newQueue(t)
	s, err := selfqueue.New(client, url, "conveyor.widgets")
	if err != nil {
		t.Fatal(err)
	}
	cause := events.Envelope{ID: "cause-1", CorrelationID: "flow-1"}
	ctx := events.ContextWithCause(correlation.With(t.Context(), "flow-1"), cause)
	sent := time.Now()
	delay, err := s.Send(ctx, "due-1", widgetDue{Widget: "W-1"}, 1500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if delay != 2*time.Second {
		t.Errorf("delay %s, want 1.5s rounded up to 2s", delay)
	}
	msgs := receive(t, client, url, 10*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("received %d messages, want 1", len(msgs))
	}
	if waited := time.Since(sent); waited < 2*time.Second {
		t.Errorf("delivered after %s, before its delay", waited)
	}

	c := consumertest.New(t, "widgets", nil)
	var got []widgetDue
	var env events.Envelope
	consumer.Handle(c, func(_ context.Context, e widgetDue, e2 events.Envelope) error {
		got, env = append(got, e), e2
		return nil
	})
	resp, err := c.Handle(t.Context(), lambdaevents.SQSEvent{Records: msgs})
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("the consumer failed the message: %v %+v", err, resp)
	}
	if len(got) != 1 || got[0].Widget != "W-1" {
		t.Fatalf("handled %+v, want the widget W-1 once", got)
	}
	if env.ID != "due-1" || env.Source != "conveyor.widgets" || env.CorrelationID != "flow-1" || env.CausationID != "cause-1" {
		t.Errorf("envelope %+v, want id due-1 from conveyor.widgets in flow-1, caused by cause-1", env)
	}
}

// recordingSQS records the delays it is asked for.
type recordingSQS struct{ delays []int32 }

func (r *recordingSQS) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	r.delays = append(r.delays, in.DelaySeconds)
	return &sqs.SendMessageOutput{}, nil
}

func TestTheDelayIsWholeSecondsWithinWhatSQSAllows(t *testing.T) {
	cases := []struct {
		name  string
		delay time.Duration
		want  int32
	}{
		{"a past time is sent at once", -time.Minute, 0},
		{"no delay is sent at once", 0, 0},
		{"a part of a second rounds up", 100 * time.Millisecond, 1},
		{"whole seconds stay", 42 * time.Second, 42},
		{"the most SQS allows stays", selfqueue.MaxDelay, 900},
		{"longer is cut to the most SQS allows", 2 * time.Hour, 900},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recordingSQS{}
			s, err := selfqueue.New(r, "http://sqs.test/q", "conveyor.widgets")
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Send(t.Context(), "due-1", widgetDue{Widget: "W"}, c.delay)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.delays) != 1 || r.delays[0] != c.want || got != time.Duration(c.want)*time.Second {
				t.Errorf("sent with %v and reported %s, want %d seconds", r.delays, got, c.want)
			}
		})
	}
}

func TestSendRefusesWhatItCannotSend(t *testing.T) {
	if _, err := selfqueue.New(nil, "http://sqs.test/q", "conveyor.widgets"); err == nil {
		t.Error("a sender without a client was built")
	}
	s, err := selfqueue.New(&recordingSQS{}, "http://sqs.test/q", "conveyor.widgets")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(t.Context(), "", widgetDue{}, 0); err == nil {
		t.Error("a message without an id was sent")
	}
	if _, err := s.Send(t.Context(), "due-1", nil, 0); err == nil {
		t.Error("a nil event was sent")
	}
}
