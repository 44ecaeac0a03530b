package emulator_test

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// BenchmarkFrontDoor measures a function's DynamoDB calls through the
// emulator's front door, eight at a time, with IAM enforced as in the
// local cloud: the front door resolves each request, then hands it to
// kumo.
func BenchmarkFrontDoor(b *testing.B) {
	env := kumotest.Start(b)
	if env.Emulator == nil {
		b.Fatal("the front door benchmark needs kumotest.Main")
	}
	table := kumotest.UniqueName(b, "frontdoor")
	kumotest.CreateTable(b, env.DynamoDB(), table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk"))})
	if err := env.Emulator.Enforce(&emulator.Enforcement{Principals: map[string]emulator.Principal{"bench": {Role: "bench",
		Statements: []iampolicy.Statement{{Sid: "Table", Effect: iampolicy.Allow, Actions: []string{"dynamodb:*"},
			Resources: []string{fmt.Sprintf("arn:aws:dynamodb:us-east-1:%s:table/%s", account, table)}}}}}}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = env.Emulator.Enforce(nil) })
	cfg := env.Config.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(emulator.FunctionAccessKey("bench"), "secret", "")
	db := awsclient.DynamoDB(cfg)
	// An item the size of an order's commit: about 2 KB.
	orderItem := func(pk string) map[string]types.AttributeValue {
		it := map[string]types.AttributeValue{"pk": str(pk), "sk": str("COMMIT#0000000001")}
		for i := range 20 {
			it[fmt.Sprintf("field%02d", i)] = str(strings.Repeat("v", 90))
		}
		return it
	}
	if _, err := db.PutItem(b.Context(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: orderItem("ORDER#read")}); err != nil {
		b.Fatal(err)
	}
	var seq atomic.Int64
	calls := []struct {
		name string
		call func() error
	}{
		{"GetItem", func() error {
			_, err := db.GetItem(b.Context(), &dynamodb.GetItemInput{TableName: aws.String(table),
				Key: map[string]types.AttributeValue{"pk": str("ORDER#read"), "sk": str("COMMIT#0000000001")}})
			return err
		}},
		{"PutItem", func() error {
			_, err := db.PutItem(b.Context(), &dynamodb.PutItemInput{TableName: aws.String(table),
				Item: orderItem(fmt.Sprintf("ORDER#%d", seq.Add(1)))})
			return err
		}},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			defer cpuPerOp(b)()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := c.call(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// cpuPerOp starts counting the CPU time the process spends; the function
// it returns reports it per operation, as cpu-ns/op. The emulator, its
// front door and the SDK client all run in the test process, so this is
// the whole cost of a call; on a machine shared with other work it varies
// much less than the wall time per operation.
func cpuPerOp(b *testing.B) func() {
	start := processCPU(b)
	return func() { b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op") }
}

// processCPU is the user and system CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestObserversSeeTheBodiesOfTheirTargetsOnly(t *testing.T) {
	env := kumotest.Start(t)
	if env.Emulator == nil {
		t.Fatal("the observer test needs kumotest.Main")
	}
	var mu sync.Mutex
	seen := map[string][]string{}
	observe := func(target string) {
		env.Emulator.Observe(target, func(body []byte) {
			mu.Lock()
			defer mu.Unlock()
			seen[target] = append(seen[target], string(body))
		})
		t.Cleanup(func() { env.Emulator.Observe(target, nil) })
	}
	observe("AmazonSQS.SendMessage")
	observe("AWSEvents.PutEvents")

	ctx := t.Context()
	q := env.SQS()
	queue, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "observed"))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queue.QueueUrl, MessageBody: aws.String("observed-message")}); err != nil {
		t.Fatal(err)
	}
	out, err := env.EventBridge().PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		Source: aws.String("conveyor.test"), DetailType: aws.String("Observed"), Detail: aws.String(`{"id":"observed-event"}`)}}})
	if err != nil || out.FailedEntryCount != 0 {
		t.Fatalf("put events: %v, %d failed", err, out.FailedEntryCount)
	}
	if _, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: queue.QueueUrl}); err != nil {
		t.Fatal(err)
	}
	// kumo got the observed body whole.
	got, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: queue.QueueUrl, WaitTimeSeconds: 1})
	if err != nil || len(got.Messages) != 1 || *got.Messages[0].Body != "observed-message" {
		t.Fatalf("receive: %v %v", err, got)
	}

	env.Emulator.Observe("AmazonSQS.SendMessage", nil)
	if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: queue.QueueUrl, MessageBody: aws.String("unobserved")}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || len(seen["AmazonSQS.SendMessage"]) != 1 || len(seen["AWSEvents.PutEvents"]) != 1 {
		t.Fatalf("observed %q, want one SendMessage and one PutEvents", seen)
	}
	if !strings.Contains(seen["AmazonSQS.SendMessage"][0], "observed-message") || !strings.Contains(seen["AWSEvents.PutEvents"][0], "observed-event") {
		t.Fatalf("observed %q", seen)
	}
}
