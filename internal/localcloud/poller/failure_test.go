package poller_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

func TestAStreamFailureReachesItsQueueAsTheDocumentLambdaSends(t *testing.T) {
	ctx := context.Background()
	q := clients(t).SQS
	out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "failures"))})
	if err != nil {
		t.Fatal(err)
	}
	if poller.SendStreamFailure(q, "") != nil {
		t.Fatal("a mapping without a destination got one")
	}
	want := poller.StreamFailure{Version: "1.0",
		RequestContext: poller.StreamFailureContext{Condition: "RetryAttemptsExhausted", ApproximateInvokeCount: 21},
		BatchInfo:      poller.StreamBatchInfo{ShardID: "shard-1", StartSequenceNumber: "7", EndSequenceNumber: "9", BatchSize: 3, StreamARN: "arn:stream"}}
	if err := poller.SendStreamFailure(q, aws.ToString(out.QueueUrl))(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: out.QueueUrl, WaitTimeSeconds: 1})
	if err != nil || len(got.Messages) != 1 {
		t.Fatalf("receive: %v, %d messages", err, len(got.Messages))
	}
	var sent map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(got.Messages[0].Body)), &sent); err != nil {
		t.Fatal(err)
	}
	info, _ := sent["DDBStreamBatchInfo"].(map[string]any)
	rc, _ := sent["requestContext"].(map[string]any)
	if info["startSequenceNumber"] != "7" || info["batchSize"] != float64(3) || rc["condition"] != "RetryAttemptsExhausted" {
		t.Fatalf("the queue got %v", sent)
	}
}
