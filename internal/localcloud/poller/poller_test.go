package poller_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestMain(m *testing.M) { kumotest.Main(m) }

// clients returns the SDK clients for the emulator Main started.
func clients(t testing.TB) awsclients.Clients {
	t.Helper()
	return kumotest.Start(t).Clients()
}

// recorder is the function side of a test: it records what each
// invocation received and answers with decide.
type recorder struct {
	mu      sync.Mutex
	batches [][]string
	seen    map[string]int
	decide  func(body string, seen int) bool // true: the item fails
	broken  func(batch []string) error       // non-nil: the invocation fails
}

func (r *recorder) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	var ev events.SQSEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]int{}
	}
	var bodies []string
	resp := events.SQSEventResponse{}
	for _, m := range ev.Records {
		bodies = append(bodies, m.Body)
		r.seen[m.Body]++
		if r.decide != nil && r.decide(m.Body, r.seen[m.Body]) {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	r.batches = append(r.batches, bodies)
	if r.broken != nil {
		if err := r.broken(bodies); err != nil {
			return nil, err
		}
	}
	return json.Marshal(resp)
}

func (r *recorder) count(body string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[body]
}

func (r *recorder) snapshot() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]string(nil), r.batches...)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	poll.Until(t, what, 20*time.Second, cond)
}

func subscription(t *testing.T, batch, maxReceive int, window time.Duration) (provision.Queue, spec.Subscription) {
	t.Helper()
	s := spec.Service{
		Name:      "testsvc",
		Table:     spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}},
		Functions: []spec.Function{{Name: "testsvc-worker", Entry: "./x", MemoryMB: 128, Timeout: time.Second}},
		Subscriptions: []spec.Subscription{{
			Name: "things", Function: "testsvc-worker", BatchSize: batch, MaxReceiveCount: maxReceive,
			MaxBatchingWindow: window, VisibilityTimeout: time.Second,
			Sources: []string{"conveyor.test"}, DetailTypes: []string{"TestHappened"},
		}},
	}
	p, err := provision.Apply(context.Background(), clients(t), provision.Names{Prefix: kumotest.Prefix(t)}, []spec.Service{s})
	if err != nil {
		t.Fatal(err)
	}
	return p.Queues[provision.QueueKey(s, s.Subscriptions[0])], s.Subscriptions[0]
}

func send(t *testing.T, url string, bodies ...string) {
	t.Helper()
	var entries []sqstypes.SendMessageBatchRequestEntry
	for i, b := range bodies {
		entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), MessageBody: aws.String(b)})
	}
	out, err := clients(t).SQS.SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries})
	if err != nil || len(out.Failed) > 0 {
		t.Fatalf("send: %v %+v", err, out)
	}
}

func depth(t *testing.T, url string) int {
	t.Helper()
	a, err := clients(t).SQS.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil {
		t.Fatal(err)
	}
	var visible, inflight int
	fmt.Sscan(a.Attributes["ApproximateNumberOfMessages"], &visible)
	fmt.Sscan(a.Attributes["ApproximateNumberOfMessagesNotVisible"], &inflight)
	return visible + inflight
}

func runSQS(t *testing.T, q provision.Queue, sub spec.Subscription, fn poller.Invoker) {
	t.Helper()
	client := clients(t).SQS
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunSQS(ctx, client, poller.SQS{
			QueueURL: q.URL, QueueARN: q.ARN, Region: awsclients.Region,
			BatchSize: sub.BatchSize, Window: sub.MaxBatchingWindow, Concurrency: 1, WaitTime: time.Second,
			Function: fn, Notice: func(m string) { t.Log(m) },
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunSQS: %v", err)
		}
	})
}

func TestSQSPartialBatchFailure(t *testing.T) {
	q, sub := subscription(t, 10, 5, 500*time.Millisecond)
	send(t, q.URL, "ok-1", "fail-2", "ok-3")
	fn := &recorder{decide: func(body string, seen int) bool { return strings.HasPrefix(body, "fail") && seen == 1 }}
	runSQS(t, q, sub, fn)
	waitFor(t, "the failed message is delivered again", func() bool { return fn.count("fail-2") >= 2 })
	waitFor(t, "the queue is empty", func() bool { return depth(t, q.URL) == 0 })

	tests := []struct {
		name string
		body string
		want int
	}{
		{"a message that succeeded is not delivered again", "ok-1", 1},
		{"another message that succeeded is not delivered again", "ok-3", 1},
		{"the failed message is delivered once more, then deleted", "fail-2", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fn.count(tt.body); got != tt.want {
				t.Fatalf("%s delivered %d times, want %d (batches %v)", tt.body, got, tt.want, fn.snapshot())
			}
		})
	}
	t.Run("the batching window gathers the messages into one batch", func(t *testing.T) {
		if first := fn.snapshot()[0]; len(first) != 3 {
			t.Fatalf("first batch %v, want all three messages", first)
		}
	})
}

func TestSQSDeadLetterQueue(t *testing.T) {
	const maxReceive = 2
	q, sub := subscription(t, 1, maxReceive, 0)
	send(t, q.URL, "poison")
	fn := &recorder{broken: func([]string) error { return errors.New("handler keeps failing") }}
	runSQS(t, q, sub, fn)

	var dead []string
	waitFor(t, "the message reaches the DLQ", func() bool {
		out, err := clients(t).SQS.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.DLQURL), MaxNumberOfMessages: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			dead = append(dead, aws.ToString(m.Body))
		}
		return len(dead) > 0
	})
	t.Run("the failing message ends in the DLQ", func(t *testing.T) {
		if len(dead) != 1 || dead[0] != "poison" {
			t.Fatalf("DLQ holds %v", dead)
		}
	})
	t.Run("the function saw it maxReceiveCount times", func(t *testing.T) {
		if got := fn.count("poison"); got != maxReceive {
			t.Fatalf("delivered %d times, want %d", got, maxReceive)
		}
	})
}

func TestSQSBatchSize(t *testing.T) {
	q, sub := subscription(t, 2, 5, 0)
	send(t, q.URL, "a", "b", "c", "d", "e")
	fn := &recorder{}
	runSQS(t, q, sub, fn)
	waitFor(t, "every message is handled", func() bool {
		return fn.count("a")+fn.count("b")+fn.count("c")+fn.count("d")+fn.count("e") == 5
	})
	t.Run("no batch is larger than the declared batch size", func(t *testing.T) {
		for _, b := range fn.snapshot() {
			if len(b) > 2 {
				t.Fatalf("batch %v exceeds 2", b)
			}
		}
	})
}

// streamRecorder records stream batches by the "id" attribute of each new image.
type streamRecorder struct {
	mu       sync.Mutex
	attempts [][]string
	fail     func(attempt int) bool
}

func (r *streamRecorder) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for _, rec := range ev.Records {
		if rec.EventName != "INSERT" || rec.EventSource != "aws:dynamodb" {
			return nil, fmt.Errorf("unexpected record %+v", rec)
		}
		ids = append(ids, rec.Change.NewImage["pk"].String())
	}
	r.attempts = append(r.attempts, ids)
	if r.fail != nil && r.fail(len(r.attempts)) {
		return nil, errors.New("stream handler failed")
	}
	return []byte(`{"batchItemFailures":[]}`), nil
}

func (r *streamRecorder) snapshot() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]string(nil), r.attempts...)
}

func streamTable(t *testing.T) (string, string) {
	t.Helper()
	s := spec.Service{
		Name:  "streamsvc",
		Table: spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}, Stream: spec.NewAndOldImages},
		Functions: []spec.Function{{Name: "streamsvc-projector", Entry: "./x", MemoryMB: 128, Timeout: time.Second,
			Stream: &spec.StreamConsumer{BatchSize: 10, RetryAttempts: spec.RetryForever}}},
	}
	names := provision.Names{Prefix: kumotest.Prefix(t)}
	p, err := provision.Apply(context.Background(), clients(t), names, []spec.Service{s})
	if err != nil {
		t.Fatal(err)
	}
	return names.Table(s), p.Tables["streamsvc"].StreamARN
}

func put(t *testing.T, table string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		_, err := clients(t).DynamoDB.PutItem(context.Background(), &dynamodb.PutItemInput{
			TableName: aws.String(table), Item: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: id}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func runStream(t *testing.T, arn string, fn poller.Invoker, retries int) {
	t.Helper()
	runStreamOn(t, clients(t).Streams, arn, fn, retries)
}

func runStreamWith(t *testing.T, client *dynamodbstreams.Client, arn string, fn poller.Invoker) {
	t.Helper()
	runStreamOn(t, client, arn, fn, 1)
}

func runStreamOn(t *testing.T, client *dynamodbstreams.Client, arn string, fn poller.Invoker, retries int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunStream(ctx, client, poller.Stream{
			StreamARN: arn, Region: awsclients.Region, BatchSize: 10, RetryAttempts: retries,
			PollInterval: 20 * time.Millisecond, Function: fn, Notice: func(m string) { t.Log(m) },
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunStream: %v", err)
		}
	})
}

func TestStream(t *testing.T) {
	tests := []struct {
		name string
		fail func(attempt int) bool
		// want lists the record ids of each invocation, in order.
		want [][]string
	}{
		{"records arrive in the order they were written", nil, [][]string{{"r1", "r2", "r3"}, {"r4"}}},
		{"a failed batch is split in two, and each half tried in order", func(n int) bool { return n == 1 },
			[][]string{{"r1", "r2", "r3"}, {"r1", "r2"}, {"r3"}, {"r4"}}},
		{"a half that fails again is split again", func(n int) bool { return n <= 2 },
			[][]string{{"r1", "r2", "r3"}, {"r1", "r2"}, {"r1"}, {"r2"}, {"r3"}, {"r4"}}},
		{"a record that fails alone is retried with the same record", func(n int) bool { return n <= 3 },
			[][]string{{"r1", "r2", "r3"}, {"r1", "r2"}, {"r1"}, {"r1"}, {"r2"}, {"r3"}, {"r4"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, arn := streamTable(t)
			put(t, table, "r1", "r2", "r3")
			fn := &streamRecorder{fail: tt.fail}
			runStream(t, arn, fn, 1)
			waitFor(t, "the first batch is handled", func() bool { return len(fn.snapshot()) >= len(tt.want)-1 })
			put(t, table, "r4")
			waitFor(t, "every batch is handled", func() bool { return len(fn.snapshot()) >= len(tt.want) })
			got := fn.snapshot()
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("invocations %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSQSSwitch(t *testing.T) {
	q, sub := subscription(t, 1, 5, 0)
	sw := &poller.Switch{}
	sw.Set(false)
	fn := &recorder{}
	client := clients(t).SQS
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunSQS(ctx, client, poller.SQS{
			QueueURL: q.URL, QueueARN: q.ARN, Region: awsclients.Region, BatchSize: sub.BatchSize,
			Concurrency: 1, WaitTime: time.Second, Function: fn, Switch: sw,
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunSQS: %v", err)
		}
	})
	send(t, q.URL, "held")

	t.Run("a mapping that is off leaves the message in the queue", func(t *testing.T) {
		// Had the poller received it, it would be invisible now: receive
		// it ourselves, then put it back.
		out, err := clients(t).SQS.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 1, WaitTimeSeconds: 2,
		})
		if err != nil || len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != "held" {
			t.Fatalf("the message is not in the queue: %+v %v", out, err)
		}
		if fn.count("held") != 0 {
			t.Fatal("the function was invoked while the mapping was off")
		}
		if _, err := clients(t).SQS.ChangeMessageVisibility(context.Background(), &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(q.URL), ReceiptHandle: out.Messages[0].ReceiptHandle, VisibilityTimeout: 0,
		}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("turned on, it delivers what waited", func(t *testing.T) {
		sw.Set(true)
		waitFor(t, "the held message is delivered", func() bool { return fn.count("held") == 1 })
	})
}
