package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// route is a bus whose rule sends every event of source to a queue.
type route struct {
	bus, queueURL string
}

func newRoute(tb testing.TB, env kumotest.Env, source string) route {
	tb.Helper()
	ctx := tb.Context()
	name := kumotest.UniqueName(tb, "route")
	eb, q := env.EventBridge(), env.SQS()
	if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(name)}); err != nil {
		tb.Fatal(err)
	}
	queue, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		tb.Fatal(err)
	}
	pattern, _ := json.Marshal(map[string][]string{"source": {source}})
	if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(name), EventBusName: aws.String(name), EventPattern: aws.String(string(pattern))}); err != nil {
		tb.Fatal(err)
	}
	arn := fmt.Sprintf("arn:aws:sqs:us-east-1:%s:%s", account, name)
	if _, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(name), EventBusName: aws.String(name),
		Targets: []ebtypes.Target{{Id: aws.String("queue"), Arn: aws.String(arn)}}}); err != nil {
		tb.Fatal(err)
	}
	return route{bus: name, queueURL: *queue.QueueUrl}
}

// put puts n events of source on the route's bus, ten to a call.
func (r route) put(tb testing.TB, eb *eventbridge.Client, source string, n int) {
	tb.Helper()
	for sent := 0; sent < n; {
		var entries []ebtypes.PutEventsRequestEntry
		for ; sent < n && len(entries) < 10; sent++ {
			entries = append(entries, ebtypes.PutEventsRequestEntry{EventBusName: aws.String(r.bus), Source: aws.String(source),
				DetailType: aws.String("Counted"), Detail: aws.String(fmt.Sprintf(`{"n":%d}`, sent))})
		}
		out, err := eb.PutEvents(tb.Context(), &eventbridge.PutEventsInput{Entries: entries})
		if err != nil || out.FailedEntryCount > 0 {
			tb.Fatalf("put events: %v", err)
		}
	}
}

// queued is how many messages the route's queue holds.
func (r route) queued(tb testing.TB, q *sqs.Client) int {
	tb.Helper()
	out, err := q.GetQueueAttributes(tb.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(r.queueURL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages}})
	if err != nil {
		tb.Fatal(err)
	}
	var n int
	_, _ = fmt.Sscan(out.Attributes["ApproximateNumberOfMessages"], &n)
	return n
}

func TestTheDeliveredEventsLogKeepsTheNewestThousand(t *testing.T) {
	env := kumotest.Start(t)
	source := kumotest.UniqueName(t, "src")
	r := newRoute(t, env, source)
	const n = 1500
	r.put(t, env.EventBridge(), source, n)
	poll.Until(t, "every event in the queue", 30*time.Second, func() bool { return r.queued(t, env.SQS()) == n })

	resp, err := http.Get(env.Endpoint + "/kumo/eventbridge/delivered-events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var delivered []struct {
		Source, Detail string
	}
	if err := json.NewDecoder(resp.Body).Decode(&delivered); err != nil {
		t.Fatal(err)
	}
	if len(delivered) != 1000 {
		t.Fatalf("%d delivered events logged, want the last 1000", len(delivered))
	}
	if last := delivered[len(delivered)-1]; last.Source != source || last.Detail != fmt.Sprintf(`{"n":%d}`, n-1) {
		t.Fatalf("the newest logged event is %+v, want event %d of %s", last, n-1, source)
	}
}

// BenchmarkEventBridgeToSQS measures an event's way from PutEvents,
// through a rule, to its queue: kumo delivers it to SQS over HTTP, through
// the front door.
func BenchmarkEventBridgeToSQS(b *testing.B) {
	env := kumotest.Start(b)
	source := kumotest.UniqueName(b, "src")
	r := newRoute(b, env, source)
	eb, q := env.EventBridge(), env.SQS()
	defer cpuPerOp(b)()
	r.put(b, eb, source, b.N)
	poll.Until(b, "every event in the queue", time.Minute, func() bool { return r.queued(b, q) >= b.N })
}
