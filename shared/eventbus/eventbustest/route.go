package eventbustest

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/events"
)

// Route is a bus whose rule delivers matching events to Queue.
type Route struct {
	Bus      string
	QueueURL string
	DLQURL   string

	sqs *sqs.Client
}

// Options tune a Route.
type Options struct {
	// Bus is an existing bus to route from; empty means a new one.
	Bus string
	// Pattern is the rule's event pattern; nil matches every event of the
	// platform ({"source": [{"prefix": "conveyor."}]}).
	Pattern map[string]any
	// MaxReceiveCount moves a message to the DLQ after that many receives;
	// 0 means 3.
	MaxReceiveCount int
	// VisibilityTimeout is the queue's; 0 means 1 s.
	VisibilityTimeout time.Duration
}

// NewRoute creates a bus (unless Options.Bus names one), a queue with a
// DLQ, and a rule from the bus to the queue, all named with prefix.
func NewRoute(t testing.TB, ev *eventbridge.Client, q *sqs.Client, prefix string, o Options) Route {
	t.Helper()
	ctx := context.Background()
	if o.Pattern == nil {
		o.Pattern = map[string]any{"source": []any{map[string]any{"prefix": events.SourcePrefix}}}
	}
	if o.MaxReceiveCount == 0 {
		o.MaxReceiveCount = 3
	}
	if o.VisibilityTimeout == 0 {
		o.VisibilityTimeout = time.Second
	}
	r := Route{Bus: o.Bus, sqs: q}
	if r.Bus == "" {
		r.Bus = prefix + "-bus"
		if _, err := ev.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(r.Bus)}); err != nil {
			t.Fatalf("create bus: %v", err)
		}
	}
	dlq, dlqARN := createQueue(t, q, prefix+"-dlq", nil)
	redrive, err := json.Marshal(map[string]string{"deadLetterTargetArn": dlqARN, "maxReceiveCount": strconv.Itoa(o.MaxReceiveCount)})
	if err != nil {
		t.Fatal(err)
	}
	queue, queueARN := createQueue(t, q, prefix+"-queue", map[string]string{
		string(sqstypes.QueueAttributeNameRedrivePolicy):     string(redrive),
		string(sqstypes.QueueAttributeNameVisibilityTimeout): strconv.Itoa(int(o.VisibilityTimeout / time.Second)),
	})
	r.QueueURL, r.DLQURL = queue, dlq
	pattern, err := json.Marshal(o.Pattern)
	if err != nil {
		t.Fatal(err)
	}
	rule := prefix + "-rule"
	if _, err := ev.PutRule(ctx, &eventbridge.PutRuleInput{
		Name: aws.String(rule), EventBusName: aws.String(r.Bus), EventPattern: aws.String(string(pattern)),
		State: ebtypes.RuleStateEnabled,
	}); err != nil {
		t.Fatalf("put rule: %v", err)
	}
	if _, err := ev.PutTargets(ctx, &eventbridge.PutTargetsInput{
		Rule: aws.String(rule), EventBusName: aws.String(r.Bus),
		Targets: []ebtypes.Target{{Id: aws.String("queue"), Arn: aws.String(queueARN)}},
	}); err != nil {
		t.Fatalf("put target: %v", err)
	}
	return r
}

func createQueue(t testing.TB, q *sqs.Client, name string, attrs map[string]string) (url, arn string) {
	t.Helper()
	ctx := context.Background()
	out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("create queue %s: %v", name, err)
	}
	a, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		t.Fatalf("queue %s attributes: %v", name, err)
	}
	return aws.ToString(out.QueueUrl), a.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
}

// Message is an SQS message whose body is an EventBridge event.
type Message struct {
	sqstypes.Message
	// Event is the EventBridge event the body holds.
	Event Event
}

// Event is an EventBridge event as a rule delivers it to a queue.
type Event struct {
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Time       time.Time       `json:"time"`
	Detail     events.Envelope `json:"detail"`
}

// Receive waits until n messages have arrived on queueURL, deleting each,
// and fails the test when they have not within timeout. It returns at most
// n messages; call Quiet to prove no more follow.
func Receive(t testing.TB, q *sqs.Client, queueURL string, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var got []Message
	for len(got) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages arrived on %s within %v", len(got), n, queueURL, timeout)
		}
		got = append(got, receiveOnce(t, q, queueURL, min(n-len(got), 10))...)
	}
	return got
}

// Quiet fails the test when a message arrives on queueURL within wait
// (rounded up to whole seconds of long polling).
func Quiet(t testing.TB, q *sqs.Client, queueURL string, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if ms := receiveOnce(t, q, queueURL, 10); len(ms) > 0 {
			t.Fatalf("unexpected message on %s: %s", queueURL, aws.ToString(ms[0].Body))
		}
	}
}

func receiveOnce(t testing.TB, q *sqs.Client, queueURL string, max int) []Message {
	t.Helper()
	ctx := context.Background()
	out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(queueURL), MaxNumberOfMessages: int32(max), WaitTimeSeconds: 1,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
	})
	if err != nil {
		t.Fatalf("receive from %s: %v", queueURL, err)
	}
	var got []Message
	for _, m := range out.Messages {
		var ev Event
		if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &ev); err != nil {
			t.Fatalf("message body is not an EventBridge event: %v\n%s", err, aws.ToString(m.Body))
		}
		if _, err := q.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(queueURL), ReceiptHandle: m.ReceiptHandle}); err != nil {
			t.Fatalf("delete from %s: %v", queueURL, err)
		}
		got = append(got, Message{Message: m, Event: ev})
	}
	return got
}

// String describes the message for test failures.
func (m Message) String() string {
	return fmt.Sprintf("%s %s %s", m.Event.Source, m.Event.DetailType, m.Event.Detail.ID)
}
