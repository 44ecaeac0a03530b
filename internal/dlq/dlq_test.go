package dlq_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/dlq"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestMain(m *testing.M) { kumotest.Main(m) }

// service is a declaration with one subscription and one stream consumer.
var service = spec.Service{
	Name:  "parcels",
	Table: spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}, Stream: spec.NewImage},
	Functions: []spec.Function{
		{Name: "parcels-saga", Entry: "./x", MemoryMB: 128, Timeout: time.Second},
		{Name: "parcels-publisher", Entry: "./y", MemoryMB: 128, Timeout: time.Second,
			Stream: &spec.StreamConsumer{BatchSize: 10, RetryAttempts: 2, Rebuild: "parcels-saga"}},
	},
	Subscriptions: []spec.Subscription{{
		Name: "saga", Function: "parcels-saga", BatchSize: 1, MaxReceiveCount: 3, VisibilityTimeout: time.Second,
		Sources: []string{"conveyor.orders"}, DetailTypes: []string{"OrderPlaced"},
	}},
}

func TestTheOperatorListsShowsWithTheLoggedReasonAndRedrivesDeadLetters(t *testing.T) {
	env := kumotest.Start(t)
	ctx := t.Context()
	prefix := kumotest.Prefix(t)
	p, err := provision.Apply(ctx, env.Clients(), provision.Names{Prefix: prefix}, []spec.Service{service})
	if err != nil {
		t.Fatal(err)
	}
	q := p.Queues[provision.QueueKey(service, service.Subscriptions[0])]
	q2 := env.SQS()
	body := `{"id":"eb-1","detail-type":"OrderPlaced","source":"conveyor.orders","detail":{"id":"ev-1","type":"OrderPlaced"}}`
	sent, err := q2.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(q.DLQURL), MessageBody: aws.String(body)})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(sent.MessageId)
	// The consumer's log: a failure naming the message, and a line of
	// another message.
	env.Emulator.ServeLogs(func(group string, start, end time.Time) ([]emulator.LogEvent, bool) {
		if group != "/aws/lambda/"+prefix+"-parcels-saga" {
			return nil, false
		}
		return []emulator.LogEvent{
			{Stream: "s", Time: time.Now(), Message: fmt.Sprintf(`{"level":"ERROR","msg":"poison event","messageId":%q,"reason":"no handler for OrderPlaced v9"}`, id)},
			{Stream: "s", Time: time.Now(), Message: `{"level":"ERROR","msg":"event handler failed","messageId":"another"}`},
		}, true
	})
	t.Cleanup(func() { env.Emulator.ServeLogs(nil) })
	tool := dlq.Tool{SQS: q2, Logs: cloudwatchlogs.NewFromConfig(env.Config), Prefix: prefix, Services: []spec.Service{service}}

	t.Run("list names every dead-letter queue with its depth", func(t *testing.T) {
		qs, err := tool.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]dlq.Queue{}
		for _, q := range qs {
			got[q.Name] = q
		}
		sub, failures := got[prefix+"-parcels-saga-dlq"], got[prefix+"-parcels-publisher-stream-failures"]
		if len(qs) != 2 || sub.Depth != 1 || sub.Source != prefix+"-parcels-saga" || sub.Function != "parcels-saga" {
			t.Errorf("list: %+v", qs)
		}
		if failures.Kind != dlq.KindStreamFailures || failures.URL == "" || failures.Depth != 0 {
			t.Errorf("the stream consumer's failure queue: %+v", failures)
		}
	})
	t.Run("show gives each message with the reason its consumer logged, and leaves it there", func(t *testing.T) {
		dq, err := tool.Find(ctx, "parcels-saga-dlq")
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := tool.Show(ctx, dq, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].ID != id || msgs[0].EventID != "ev-1" || msgs[0].EventType != "OrderPlaced" {
			t.Fatalf("show: %+v", msgs)
		}
		if r := msgs[0].Reasons; len(r) != 1 || !strings.Contains(r[0], "no handler for OrderPlaced v9") {
			t.Errorf("reasons %v, want the one line naming the message", r)
		}
		if again, err := tool.Show(ctx, dq, 0); err != nil || len(again) != 1 {
			t.Errorf("a second show found %d messages (%v): show must leave them", len(again), err)
		}
	})
	t.Run("redrive moves the messages back to their source queue", func(t *testing.T) {
		dq, err := tool.Find(ctx, prefix+"-parcels-saga-dlq")
		if err != nil {
			t.Fatal(err)
		}
		n, err := tool.Redrive(ctx, dq)
		if err != nil || n != 1 {
			t.Fatalf("redrive: %d, %v", n, err)
		}
		out, err := q2.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), WaitTimeSeconds: 2})
		if err != nil || len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != body {
			t.Fatalf("the source queue holds %+v (%v)", out.Messages, err)
		}
		after, err := tool.Find(ctx, "parcels-saga-dlq")
		if err != nil || after.Depth != 0 {
			t.Errorf("the DLQ holds %d after the redrive (%v)", after.Depth, err)
		}
	})
	t.Run("a stream consumer's failures are not redriven: their records are in the stream", func(t *testing.T) {
		fq, err := tool.Find(ctx, "parcels-publisher-stream-failures")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tool.Redrive(context.Background(), fq); err == nil || !strings.Contains(err.Error(), "invoking parcels-saga rebuilds") {
			t.Errorf("redrive of stream failures: %v", err)
		}
	})
}

func TestRedriveMessagesMovesOnlyTheChosenDeadLetters(t *testing.T) {
	env := kumotest.Start(t)
	ctx := t.Context()
	prefix := kumotest.Prefix(t)
	p, err := provision.Apply(ctx, env.Clients(), provision.Names{Prefix: prefix}, []spec.Service{service})
	if err != nil {
		t.Fatal(err)
	}
	q := p.Queues[provision.QueueKey(service, service.Subscriptions[0])]
	client := env.SQS()
	// More letters than one receive returns, so that the one chosen last
	// comes in a later batch than the first ones left.
	const letters = 23
	var ids []string
	for i := range letters {
		sent, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(q.DLQURL), MessageBody: aws.String(fmt.Sprintf(`{"n":%d}`, i)),
			MessageAttributes: map[string]sqstypes.MessageAttributeValue{"ERROR_CODE": {DataType: aws.String("String"), StringValue: aws.String(fmt.Sprint("E", i))}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, aws.ToString(sent.MessageId))
	}
	tool := dlq.Tool{SQS: client, Prefix: prefix, Services: []spec.Service{service}}
	dq, err := tool.Find(ctx, "parcels-saga-dlq")
	if err != nil {
		t.Fatal(err)
	}
	// visible counts the messages a receive can take now: those left must
	// not stay hidden behind the redrive.
	visible := func() int {
		msgs, err := tool.Show(ctx, dq, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(msgs)
	}

	chosen := []string{ids[1], ids[letters-1]}
	n, err := tool.RedriveMessages(ctx, dq, chosen...)
	if err != nil || n != 2 {
		t.Fatalf("RedriveMessages = %d, %v; want the 2 chosen moved", n, err)
	}
	if got := visible(); got != letters-2 {
		t.Errorf("the dead-letter queue shows %d messages, want the %d not chosen, visible again at once", got, letters-2)
	}
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 10,
		MessageAttributeNames: []string{"All"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range out.Messages {
		got[aws.ToString(m.Body)] = aws.ToString(m.MessageAttributes["ERROR_CODE"].StringValue)
	}
	want := map[string]string{`{"n":1}`: "E1", fmt.Sprintf(`{"n":%d}`, letters-1): fmt.Sprint("E", letters-1)}
	if len(got) != len(want) || got[`{"n":1}`] != "E1" || got[fmt.Sprintf(`{"n":%d}`, letters-1)] != want[fmt.Sprintf(`{"n":%d}`, letters-1)] {
		t.Errorf("the source queue holds %v, want the chosen messages with their attributes, %v", got, want)
	}

	t.Run("an id no longer in the queue is reported, and nothing else moves", func(t *testing.T) {
		n, err := tool.RedriveMessages(ctx, dq, ids[1])
		if n != 0 || err == nil || !strings.Contains(err.Error(), "0 of the 1 messages named found") {
			t.Errorf("RedriveMessages of a message moved already = %d, %v", n, err)
		}
		if got := visible(); got != letters-2 {
			t.Errorf("the dead-letter queue shows %d messages, want %d", got, letters-2)
		}
	})
	t.Run("naming no message moves none", func(t *testing.T) {
		if n, err := tool.RedriveMessages(ctx, dq); n != 0 || err == nil {
			t.Errorf("RedriveMessages() = %d, %v; want an error", n, err)
		}
	})
	t.Run("a stream consumer's failures are not redriven", func(t *testing.T) {
		fq, err := tool.Find(ctx, "parcels-publisher-stream-failures")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tool.RedriveMessages(ctx, fq, "any"); err == nil {
			t.Error("RedriveMessages of stream failures succeeded")
		}
	})
	t.Run("Redrive moves the rest", func(t *testing.T) {
		if n, err := tool.Redrive(ctx, dq); err != nil || n != letters-2 {
			t.Errorf("Redrive = %d, %v; want the %d left", n, err, letters-2)
		}
	})
}

// TestAnEventEventBridgeGaveUpIsShownWithWhyAndRedrivenToItsQueue: when
// EventBridge gives up delivering an event to a subscription's queue, it
// puts the event in the dead-letter queue; show says why, and a redrive of
// that message puts the event in the queue, where the consumer takes it.
func TestAnEventEventBridgeGaveUpIsShownWithWhyAndRedrivenToItsQueue(t *testing.T) {
	env := kumotest.Start(t)
	ctx := t.Context()
	prefix := kumotest.Prefix(t)
	names := provision.Names{Prefix: prefix}
	sub := service.Subscriptions[0]
	p, err := provision.Apply(ctx, env.Clients(), names, []spec.Service{service})
	if err != nil {
		t.Fatal(err)
	}
	q := p.Queues[provision.QueueKey(service, sub)]
	eb := env.EventBridge()
	// The rule's target as the stacks deploy it, with its dead-letter
	// queue, retried once.
	if _, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(names.Rule(service, sub)), EventBusName: aws.String(names.Bus()),
		Targets: []ebtypes.Target{{Id: aws.String("queue"), Arn: aws.String(q.ARN),
			DeadLetterConfig: &ebtypes.DeadLetterConfig{Arn: aws.String(q.DLQARN)},
			RetryPolicy:      &ebtypes.RetryPolicy{MaximumRetryAttempts: aws.Int32(1), MaximumEventAgeInSeconds: aws.Int32(60)}}}}); err != nil {
		t.Fatal(err)
	}
	var refusing atomic.Bool
	refusing.Store(true)
	env.Emulator.RefuseDeliveries(func(queue string) bool { return queue == q.Name && refusing.Load() })
	t.Cleanup(func() { env.Emulator.RefuseDeliveries(nil) })
	detail := `{"id":"ev-refused","type":"OrderPlaced"}`
	if out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		EventBusName: aws.String(names.Bus()), Source: aws.String("conveyor.orders"), DetailType: aws.String("OrderPlaced"),
		Detail: aws.String(detail)}}}); err != nil || out.FailedEntryCount > 0 {
		t.Fatalf("put event: %v", err)
	}

	tool := dlq.Tool{SQS: env.SQS(), Prefix: prefix, Services: []spec.Service{service}}
	dq, err := tool.Find(ctx, "parcels-saga-dlq")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []dlq.Message
	poll.Until(t, "the event in the dead-letter queue", 20*time.Second, func() bool {
		msgs, err = tool.Show(ctx, dq, 0)
		return err == nil && len(msgs) == 1
	})
	m := msgs[0]
	if m.EventID != "ev-refused" || !strings.HasPrefix(m.Undelivered, "EventBridge gave up delivering it to "+q.Name+": ") ||
		!strings.Contains(m.Undelivered, " after 1 retries: ") {
		t.Errorf("show: %+v, want the event, and why EventBridge gave up after its one retry", m)
	}

	refusing.Store(false)
	if n, err := tool.RedriveMessages(ctx, dq, m.ID); err != nil || n != 1 {
		t.Fatalf("RedriveMessages = %d, %v", n, err)
	}
	out, err := env.SQS().ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), WaitTimeSeconds: 2})
	if err != nil || len(out.Messages) != 1 || !strings.Contains(aws.ToString(out.Messages[0].Body), detail) {
		t.Fatalf("the subscription's queue holds %+v (%v), want the event", out.Messages, err)
	}
}
