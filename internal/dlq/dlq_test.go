package dlq_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/internal/dlq"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
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
