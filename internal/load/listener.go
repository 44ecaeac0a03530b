package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"

	"github.com/conveyor-dev/conveyor/events"
)

// receivers is how many long polls the listener keeps open on its queue:
// enough for every event of 100 orders a second in batches of ten.
const receivers = 4

// listener hears the platform's saga events through an EventBridge rule
// on the platform's bus and an SQS queue of the run's own.
type listener struct {
	events   *eventbridge.Client
	sqs      *sqs.Client
	bus      string
	name     string
	queueURL string
	ruleMade bool

	undecodable int
	mu          sync.Mutex
}

// openListener creates the run's queue and the rule that sends it every
// saga event on the bus. Close deletes both.
func openListener(ctx context.Context, cfg aws.Config, bus, name string) (*listener, error) {
	// A long poll cut short when the run stops makes the SDK warn about
	// the connection it could not reuse: noise for the run's reader.
	cfg = cfg.Copy()
	cfg.Logger = logging.Nop{}
	l := &listener{events: eventbridge.NewFromConfig(cfg), sqs: sqs.NewFromConfig(cfg), bus: bus, name: name}
	q, err := l.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("create the run's queue %s: %w", name, err)
	}
	l.queueURL = aws.ToString(q.QueueUrl)
	attrs, err := l.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		l.Close(ctx)
		return nil, fmt.Errorf("read the run's queue ARN: %w", err)
	}
	queueARN := attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	pattern, err := json.Marshal(map[string]any{
		"source":      []map[string]string{{"prefix": events.SourcePrefix}},
		"detail-type": sagaEventTypes,
	})
	if err != nil {
		l.Close(ctx)
		return nil, err
	}
	rule, err := l.events.PutRule(ctx, &eventbridge.PutRuleInput{
		Name: aws.String(name), EventBusName: aws.String(bus), EventPattern: aws.String(string(pattern)),
		State: ebtypes.RuleStateEnabled, Description: aws.String("conveyor load: the run's own listener; deleted when the run ends"),
	})
	if err != nil {
		l.Close(ctx)
		return nil, fmt.Errorf("put a rule on bus %s: %w", bus, err)
	}
	l.ruleMade = true
	// On AWS the queue must let the rule send to it; the emulator
	// accepts the same policy.
	policy, err := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Effect": "Allow", "Principal": map[string]string{"Service": "events.amazonaws.com"},
			"Action": "sqs:SendMessage", "Resource": queueARN,
			"Condition": map[string]any{"ArnEquals": map[string]string{"aws:SourceArn": aws.ToString(rule.RuleArn)}},
		}},
	})
	if err != nil {
		l.Close(ctx)
		return nil, err
	}
	if _, err := l.sqs.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl: q.QueueUrl, Attributes: map[string]string{string(sqstypes.QueueAttributeNamePolicy): string(policy)},
	}); err != nil {
		l.Close(ctx)
		return nil, fmt.Errorf("let the rule send to the run's queue: %w", err)
	}
	if _, err := l.events.PutTargets(ctx, &eventbridge.PutTargetsInput{
		Rule: aws.String(name), EventBusName: aws.String(bus),
		Targets: []ebtypes.Target{{Id: aws.String("conveyor-load"), Arn: aws.String(queueARN)}},
	}); err != nil {
		l.Close(ctx)
		return nil, fmt.Errorf("target the run's queue: %w", err)
	}
	return l, nil
}

// run takes events off the queue and hands each to sink until ctx ends.
// It returns the first error of a receive that is not ctx's.
func (l *listener) run(ctx context.Context, sink func(Event)) error {
	errs := make(chan error, receivers)
	var wg sync.WaitGroup
	for range receivers {
		wg.Go(func() { errs <- l.receive(ctx, sink) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *listener) receive(ctx context.Context, sink func(Event)) error {
	failures := 0
	for ctx.Err() == nil {
		out, err := l.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(l.queueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			// A busy emulator may drop a poll now and then; give up only
			// when it keeps failing.
			if failures++; failures >= 10 {
				return fmt.Errorf("receive from the run's queue: %w", err)
			}
			continue
		}
		failures = 0
		now := time.Now()
		done := make([]sqstypes.DeleteMessageBatchRequestEntry, 0, len(out.Messages))
		for i, m := range out.Messages {
			e, err := ParseEvent([]byte(aws.ToString(m.Body)), now)
			switch {
			case err == nil:
				sink(e)
			case !errors.Is(err, errNotSaga):
				l.mu.Lock()
				l.undecodable++
				l.mu.Unlock()
			}
			done = append(done, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
		}
		if len(done) > 0 {
			// A message not deleted comes back after its visibility
			// timeout, and the tracker drops the repeat.
			_, _ = l.sqs.DeleteMessageBatch(context.WithoutCancel(ctx), &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(l.queueURL), Entries: done})
		}
	}
	return nil
}

// Undecodable is the number of messages that were not events.
func (l *listener) Undecodable() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.undecodable
}

// Close deletes the rule, its target and the queue.
func (l *listener) Close(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	if l.ruleMade {
		_, _ = l.events.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(l.name), EventBusName: aws.String(l.bus), Ids: []string{"conveyor-load"}})
		_, _ = l.events.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String(l.name), EventBusName: aws.String(l.bus)})
	}
	if l.queueURL != "" {
		_, _ = l.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(l.queueURL)})
	}
}

// dlqCounts reads how many messages each named queue holds, visible or in
// flight. A queue that does not exist is left out when optional.
func dlqCounts(ctx context.Context, client *sqs.Client, required, optional []string) (map[string]int, error) {
	counts := map[string]int{}
	for i, name := range append(append([]string(nil), required...), optional...) {
		u, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
		if err != nil {
			if i >= len(required) && queueMissing(err) {
				continue
			}
			return nil, fmt.Errorf("find dead-letter queue %s: %w", name, err)
		}
		out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl: u.QueueUrl,
			AttributeNames: []sqstypes.QueueAttributeName{
				sqstypes.QueueAttributeNameApproximateNumberOfMessages,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
			},
		})
		if err != nil {
			return nil, fmt.Errorf("read dead-letter queue %s: %w", name, err)
		}
		n := 0
		for _, v := range out.Attributes {
			var k int
			if _, err := fmt.Sscan(v, &k); err == nil {
				n += k
			}
		}
		counts[name] = n
	}
	return counts, nil
}

// queueMissing reports whether err says the queue does not exist, in the
// words of SQS's JSON or query protocol.
func queueMissing(err error) bool {
	var missing *sqstypes.QueueDoesNotExist
	if errors.As(err, &missing) {
		return true
	}
	var api smithy.APIError
	return errors.As(err, &api) && (api.ErrorCode() == "AWS.SimpleQueueService.NonExistentQueue" || api.ErrorCode() == "QueueDoesNotExist")
}
