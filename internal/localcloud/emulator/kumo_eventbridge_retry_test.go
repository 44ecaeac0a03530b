package emulator_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// envMaxPendingRetries bounds the failed deliveries kumo's EventBridge
// keeps for a retry; TestMain sets it to testMaxPendingRetries, small
// enough for a test to fill.
const (
	envMaxPendingRetries  = "KUMO_EVENTBRIDGE_MAX_PENDING_RETRIES"
	testMaxPendingRetries = 64
)

// retryRoute is a bus whose rule sends every event of its source to a
// target queue, with a dead-letter queue and a retry policy of its own.
type retryRoute struct {
	bus, rule, source string
	queue, dlq        string // names
	queueURL, dlqURL  string
	queueARN, dlqARN  string
}

// newRetryRoute creates the route's bus, queues and rule. With
// maxRetries nil the target keeps EventBridge's default retry policy;
// with missingTarget its queue is never created.
func newRetryRoute(tb testing.TB, env kumotest.Env, maxRetries *int32, missingTarget bool) retryRoute {
	tb.Helper()
	ctx := tb.Context()
	name := kumotest.UniqueName(tb, "retry")
	r := retryRoute{bus: name, rule: name, source: name, queue: name, dlq: name + "-dlq"}
	eb, q := env.EventBridge(), env.SQS()
	if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(r.bus)}); err != nil {
		tb.Fatal(err)
	}
	if !missingTarget {
		out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(r.queue)})
		if err != nil {
			tb.Fatal(err)
		}
		r.queueURL = aws.ToString(out.QueueUrl)
	}
	out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(r.dlq)})
	if err != nil {
		tb.Fatal(err)
	}
	r.dlqURL = aws.ToString(out.QueueUrl)
	r.queueARN = fmt.Sprintf("arn:aws:sqs:us-east-1:%s:%s", account, r.queue)
	r.dlqARN = fmt.Sprintf("arn:aws:sqs:us-east-1:%s:%s", account, r.dlq)
	pattern, _ := json.Marshal(map[string][]string{"source": {r.source}})
	if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(r.rule), EventBusName: aws.String(r.bus),
		EventPattern: aws.String(string(pattern))}); err != nil {
		tb.Fatal(err)
	}
	target := ebtypes.Target{Id: aws.String("queue"), Arn: aws.String(r.queueARN),
		DeadLetterConfig: &ebtypes.DeadLetterConfig{Arn: aws.String(r.dlqARN)}}
	if maxRetries != nil {
		target.RetryPolicy = &ebtypes.RetryPolicy{MaximumRetryAttempts: maxRetries, MaximumEventAgeInSeconds: aws.Int32(3600)}
	}
	if _, err := eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(r.rule), EventBusName: aws.String(r.bus),
		Targets: []ebtypes.Target{target}}); err != nil {
		tb.Fatal(err)
	}
	return r
}

// put puts n events on the route's bus, ten to a call, their detail
// numbered from 0.
func (r retryRoute) put(tb testing.TB, eb *eventbridge.Client, n int) {
	tb.Helper()
	for sent := 0; sent < n; {
		var entries []ebtypes.PutEventsRequestEntry
		for ; sent < n && len(entries) < 10; sent++ {
			entries = append(entries, ebtypes.PutEventsRequestEntry{EventBusName: aws.String(r.bus), Source: aws.String(r.source),
				DetailType: aws.String("Numbered"), Detail: aws.String(fmt.Sprintf(`{"n":%d}`, sent))})
		}
		out, err := eb.PutEvents(tb.Context(), &eventbridge.PutEventsInput{Entries: entries})
		if err != nil || out.FailedEntryCount > 0 {
			tb.Fatalf("put events: %v", err)
		}
	}
}

// letter is one message taken from a queue: the event's number and the
// message's attributes.
type letter struct {
	n          int
	id         string
	attributes map[string]string
}

// drain receives and deletes what the queue holds now.
func drain(tb testing.TB, q *sqs.Client, url string) []letter {
	tb.Helper()
	var got []letter
	for {
		out, err := q.ReceiveMessage(tb.Context(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url),
			MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}})
		if err != nil {
			tb.Fatal(err)
		}
		if len(out.Messages) == 0 {
			return got
		}
		for _, m := range out.Messages {
			var event struct {
				ID     string `json:"id"`
				Detail struct {
					N *int `json:"n"`
				} `json:"detail"`
			}
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &event); err != nil || event.Detail.N == nil {
				tb.Fatalf("a message that is not one of the events: %q", aws.ToString(m.Body))
			}
			l := letter{n: *event.Detail.N, id: event.ID, attributes: map[string]string{}}
			for k, v := range m.MessageAttributes {
				l.attributes[k] = aws.ToString(v.StringValue)
			}
			got = append(got, l)
			if _, err := q.DeleteMessage(tb.Context(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// refusals counts the deliveries the front door refused, by queue.
type refusals struct {
	mu     sync.Mutex
	counts map[string]int
}

func (r *refusals) add(queue string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[queue]++
}

func (r *refusals) of(queue string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[queue]
}

// refuse makes the front door refuse kumo's deliveries to queue while
// refusing reports true, and counts them; the test's end stops it.
func refuse(t *testing.T, env kumotest.Env, queue string, refusing func() bool) *refusals {
	t.Helper()
	if env.Emulator == nil {
		t.Fatal("the test needs the front door kumotest.Main starts")
	}
	r := &refusals{counts: map[string]int{}}
	env.Emulator.RefuseDeliveries(func(q string) bool {
		if q != queue || !refusing() {
			return false
		}
		r.add(q)
		return true
	})
	t.Cleanup(func() { env.Emulator.RefuseDeliveries(nil) })
	return r
}

// TestARefusingQueueGetsEveryEventOnceItAcceptsAgain: while SQS refuses
// EventBridge's deliveries to a target (unavailable, failing, throttling),
// EventBridge keeps retrying each event; once the queue accepts again,
// every event is in it. A retry may deliver an event twice (at least once),
// none is lost, and none goes to the dead-letter queue.
func TestARefusingQueueGetsEveryEventOnceItAcceptsAgain(t *testing.T) {
	env := kumotest.Start(t)
	r := newRetryRoute(t, env, nil, false)
	var refusing atomic.Bool
	refusing.Store(true)
	refused := refuse(t, env, r.queue, refusing.Load)

	const n = 20
	r.put(t, env.EventBridge(), n)
	// The queue refuses the first attempts and as many retries before it
	// takes deliveries again.
	poll.Until(t, "every event refused twice", 30*time.Second, func() bool { return refused.of(r.queue) >= 2*n })
	refusing.Store(false)

	q := env.SQS()
	seen := map[int]int{}
	poll.Until(t, "every event in the queue", 30*time.Second, func() bool {
		for _, l := range drain(t, q, r.queueURL) {
			seen[l.n]++
		}
		return len(seen) == n
	})
	for i := range n {
		if seen[i] == 0 {
			t.Errorf("event %d never reached the queue", i)
		}
	}
	if dead := drain(t, q, r.dlqURL); len(dead) > 0 {
		t.Errorf("%d events in the dead-letter queue, want none: the target accepted them again within its retries", len(dead))
	}
}

// TestAnEventItsTargetNeverAcceptsReachesTheDeadLetterQueue: when every
// delivery to a target is refused, each event is sent 1 + the retry
// policy's MaximumRetryAttempts times, then goes to the target's
// dead-letter queue whole, with the attributes EventBridge gives it.
func TestAnEventItsTargetNeverAcceptsReachesTheDeadLetterQueue(t *testing.T) {
	env := kumotest.Start(t)
	const maxRetries = 2
	r := newRetryRoute(t, env, aws.Int32(maxRetries), false)
	refused := refuse(t, env, r.queue, func() bool { return true })

	targets, err := env.EventBridge().ListTargetsByRule(t.Context(), &eventbridge.ListTargetsByRuleInput{
		Rule: aws.String(r.rule), EventBusName: aws.String(r.bus)})
	if err != nil {
		t.Fatal(err)
	}
	if len(targets.Targets) != 1 || targets.Targets[0].RetryPolicy == nil ||
		aws.ToInt32(targets.Targets[0].RetryPolicy.MaximumRetryAttempts) != maxRetries ||
		targets.Targets[0].DeadLetterConfig == nil || aws.ToString(targets.Targets[0].DeadLetterConfig.Arn) != r.dlqARN {
		t.Fatalf("ListTargetsByRule = %+v, want the target's retry policy and dead-letter queue", targets.Targets)
	}

	const n = 5
	r.put(t, env.EventBridge(), n)
	q := env.SQS()
	var dead []letter
	poll.Until(t, "every event in the dead-letter queue", 30*time.Second, func() bool {
		dead = append(dead, drain(t, q, r.dlqURL)...)
		return len(dead) >= n
	})
	if got, want := refused.of(r.queue), n*(1+maxRetries); got != want {
		t.Errorf("the target was sent the events %d times, want %d (%d events, each sent once and retried %d times)", got, want, n, maxRetries)
	}
	seen := map[int]bool{}
	for _, l := range dead {
		seen[l.n] = true
		want := map[string]string{
			"RULE_ARN":                  fmt.Sprintf("arn:aws:events:us-east-1:%s:rule/%s/%s", account, r.bus, r.rule),
			"TARGET_ARN":                r.queueARN,
			"EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts",
			"RETRY_ATTEMPTS":            fmt.Sprint(maxRetries),
		}
		for k, v := range want {
			if l.attributes[k] != v {
				t.Errorf("event %d: dead letter's %s = %q, want %q", l.n, k, l.attributes[k], v)
			}
		}
		if code := l.attributes["ERROR_CODE"]; code != "ERROR_FROM_TARGET" && code != "THROTTLING" {
			t.Errorf("event %d: ERROR_CODE %q, want the last refusal's code, ERROR_FROM_TARGET or THROTTLING", l.n, code)
		}
		if l.attributes["ERROR_MESSAGE"] == "" || l.id == "" {
			t.Errorf("event %d: dead letter without an error message or an event id: %+v", l.n, l)
		}
	}
	if len(seen) != n || len(dead) != n {
		t.Errorf("dead-letter queue holds %d letters of %d events, want each of the %d events once", len(dead), len(seen), n)
	}
}

// TestAnEventForAMissingQueueGoesStraightToTheDeadLetterQueue: a target
// that does not exist is not retried; its events go to its dead-letter
// queue at once, with the error NO_RESOURCE.
func TestAnEventForAMissingQueueGoesStraightToTheDeadLetterQueue(t *testing.T) {
	env := kumotest.Start(t)
	r := newRetryRoute(t, env, nil, true)
	r.put(t, env.EventBridge(), 1)
	var dead []letter
	poll.Until(t, "the event in the dead-letter queue", 10*time.Second, func() bool {
		dead = append(dead, drain(t, env.SQS(), r.dlqURL)...)
		return len(dead) > 0
	})
	l := dead[0]
	if l.attributes["ERROR_CODE"] != "NO_RESOURCE" || l.attributes["RETRY_ATTEMPTS"] != "0" {
		t.Errorf("dead letter's attributes %v, want ERROR_CODE NO_RESOURCE after 0 retries", l.attributes)
	}
	if _, ok := l.attributes["EXHAUSTED_RETRY_CONDITION"]; ok {
		t.Errorf("dead letter names an exhausted retry condition, %v, for an error that is not retried", l.attributes)
	}
}

// TestRetriesBeyondTheBoundGoToTheDeadLetterQueue: the failed deliveries
// waiting for a retry are bounded (KUMO_EVENTBRIDGE_MAX_PENDING_RETRIES);
// one that fails while the bound is reached goes to its dead-letter queue
// at once, so that nothing is lost: once the target accepts again, every
// event is in the target queue or in its dead-letter queue.
func TestRetriesBeyondTheBoundGoToTheDeadLetterQueue(t *testing.T) {
	env := kumotest.Start(t)
	r := newRetryRoute(t, env, nil, false)
	var refusing atomic.Bool
	refusing.Store(true)
	refuse(t, env, r.queue, refusing.Load)

	const n = testMaxPendingRetries + 36
	r.put(t, env.EventBridge(), n)
	q := env.SQS()
	var dead []letter
	poll.Until(t, "the events beyond the bound in the dead-letter queue", 30*time.Second, func() bool {
		dead = append(dead, drain(t, q, r.dlqURL)...)
		return len(dead) >= n-testMaxPendingRetries
	})
	for _, l := range dead {
		if !strings.Contains(l.attributes["ERROR_MESSAGE"], "wait for a retry") || l.attributes["RETRY_ATTEMPTS"] != "0" {
			t.Fatalf("dead letter %v, want one sent at its first failure because the retries were full", l.attributes)
		}
	}
	refusing.Store(false)

	seen := map[int]bool{}
	for _, l := range dead {
		seen[l.n] = true
	}
	poll.Until(t, "every event in the queue or its dead-letter queue", 30*time.Second, func() bool {
		for _, l := range drain(t, q, r.queueURL) {
			seen[l.n] = true
		}
		for _, l := range drain(t, q, r.dlqURL) {
			seen[l.n] = true
		}
		return len(seen) == n
	})
}
