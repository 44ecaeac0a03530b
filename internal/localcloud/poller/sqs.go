package poller

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/chaos"
)

// SQS configures one SQS event source mapping.
type SQS struct {
	// QueueURL and QueueARN name the queue.
	QueueURL, QueueARN string
	// Region is reported in each record's awsRegion.
	Region string
	// BatchSize is the largest batch per invocation (1 to 10).
	BatchSize int
	// Window is how long to gather messages before invoking with a batch
	// that is not full; 0 invokes with what one receive returns.
	Window time.Duration
	// Concurrency is how many batches may be in flight at once; 0 means 2.
	Concurrency int
	// WaitTime is the long-poll wait of each receive; 0 means 2 s.
	WaitTime time.Duration
	// Function is invoked with each batch.
	Function Invoker
	// Notice receives a line for every failed batch; nil discards them.
	Notice func(message string)
	// Switch turns the mapping off and on; nil means always on.
	Switch *Switch
	// Chaos, when set, makes the mapping deliver some messages twice and
	// hold some back (see chaos.go); nil delivers each once, as received.
	// The client then also sends copies to the queue and changes the
	// visibility of the messages it holds back.
	Chaos *chaos.Injector
}

// RunSQS polls the queue until ctx is done.
func RunSQS(ctx context.Context, client *sqs.Client, cfg SQS) error {
	if cfg.QueueURL == "" || cfg.Function == nil {
		return errors.New("sqs poller: queue URL and function are required")
	}
	if cfg.BatchSize < 1 || cfg.BatchSize > 10 {
		return fmt.Errorf("sqs poller: batch size %d must be within 1-10", cfg.BatchSize)
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 2
	}
	if cfg.WaitTime <= 0 {
		cfg.WaitTime = 2 * time.Second
	}
	if cfg.Notice == nil {
		cfg.Notice = func(string) {}
	}
	p := &sqsPoller{client: client, cfg: cfg}
	var wg sync.WaitGroup
	for range cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx)
		}()
	}
	wg.Wait()
	return nil
}

type sqsPoller struct {
	client *sqs.Client
	cfg    SQS
	// copies are the ids of the copies the chaos sent (see chaos.go).
	copiesMu sync.Mutex
	copies   map[string]bool
}

func (p *sqsPoller) work(ctx context.Context) {
	for p.cfg.Switch.wait(ctx) {
		msgs, err := p.gather(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.cfg.Notice(fmt.Sprintf("receive from %s failed: %v", p.cfg.QueueARN, err))
			sleep(ctx, time.Second)
			continue
		}
		if len(msgs) > 0 && !p.cfg.Switch.Enabled() {
			p.putBack(ctx, msgs)
			continue
		}
		if len(msgs) > 0 {
			p.handle(ctx, msgs)
		}
	}
}

// putBack makes messages received just as the mapping was turned off
// visible again at once, unprocessed.
func (p *sqsPoller) putBack(ctx context.Context, msgs []sqstypes.Message) {
	for _, m := range msgs {
		_, err := p.client.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(p.cfg.QueueURL), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0,
		})
		if err != nil && ctx.Err() == nil {
			p.cfg.Notice(fmt.Sprintf("put a message back on %s: %v", p.cfg.QueueARN, err))
		}
	}
}

// gather receives up to BatchSize messages, waiting up to Window for a
// batch to fill once the first message has arrived.
func (p *sqsPoller) gather(ctx context.Context) ([]sqstypes.Message, error) {
	var (
		msgs     []sqstypes.Message
		deadline time.Time
	)
	for len(msgs) < p.cfg.BatchSize {
		wait := p.cfg.WaitTime
		if len(msgs) > 0 {
			remaining := time.Until(deadline)
			if remaining <= 0 {
				break
			}
			wait = min(wait, remaining)
		}
		out, err := p.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(p.cfg.QueueURL),
			MaxNumberOfMessages:         int32(p.cfg.BatchSize - len(msgs)),
			WaitTimeSeconds:             int32(max(1, wait.Round(time.Second)/time.Second)),
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"},
		})
		if err != nil {
			if len(msgs) > 0 && ctx.Err() == nil {
				return msgs, nil
			}
			return nil, err
		}
		if len(msgs) == 0 {
			if len(out.Messages) == 0 {
				return nil, nil
			}
			deadline = time.Now().Add(p.cfg.Window)
		}
		msgs = append(msgs, out.Messages...)
		if p.cfg.Window <= 0 {
			break
		}
	}
	return msgs, nil
}

func (p *sqsPoller) handle(ctx context.Context, msgs []sqstypes.Message) {
	msgs = p.holdBack(ctx, msgs)
	if len(msgs) == 0 {
		return
	}
	delivered, copies := p.duplicate(msgs)
	defer p.resend(ctx, copies)
	event := SQSEvent(delivered, p.cfg.QueueARN, p.cfg.Region)
	payload, err := json.Marshal(event)
	if err != nil {
		p.cfg.Notice(fmt.Sprintf("encode SQS event: %v", err))
		return
	}
	ids := make(map[string]bool, len(msgs))
	for _, m := range msgs {
		ids[aws.ToString(m.MessageId)] = true
	}
	out, err := p.cfg.Function.Invoke(ctx, payload)
	if err != nil {
		if ctx.Err() == nil {
			p.cfg.Notice(fmt.Sprintf("batch of %d from %s failed, messages return after the visibility timeout: %v", len(msgs), p.cfg.QueueARN, err))
		}
		return
	}
	failed, whole, reason := failedItems(out, ids)
	if whole {
		p.cfg.Notice(fmt.Sprintf("batch of %d from %s counts as failed: %s", len(msgs), p.cfg.QueueARN, reason))
		return
	}
	if len(failed) > 0 {
		p.cfg.Notice(fmt.Sprintf("%d of %d messages from %s failed and will be redelivered", len(failed), len(msgs), p.cfg.QueueARN))
	}
	var del []sqstypes.DeleteMessageBatchRequestEntry
	for i, m := range msgs {
		if failed[aws.ToString(m.MessageId)] {
			continue
		}
		del = append(del, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle})
	}
	if len(del) == 0 {
		return
	}
	// Deletion outlives a cancelled ctx: the work is done and must not repeat.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	res, err := p.client.DeleteMessageBatch(dctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(p.cfg.QueueURL), Entries: del})
	if err != nil {
		p.cfg.Notice(fmt.Sprintf("delete %d messages from %s: %v", len(del), p.cfg.QueueARN, err))
		return
	}
	for _, f := range res.Failed {
		p.cfg.Notice(fmt.Sprintf("delete message from %s: %s", p.cfg.QueueARN, aws.ToString(f.Message)))
	}
}

// SQSEvent shapes received messages as the event Lambda sends a function.
func SQSEvent(msgs []sqstypes.Message, queueARN, region string) events.SQSEvent {
	ev := events.SQSEvent{Records: make([]events.SQSMessage, 0, len(msgs))}
	for _, m := range msgs {
		rec := events.SQSMessage{
			MessageId:              aws.ToString(m.MessageId),
			ReceiptHandle:          aws.ToString(m.ReceiptHandle),
			Body:                   aws.ToString(m.Body),
			Md5OfBody:              aws.ToString(m.MD5OfBody),
			Md5OfMessageAttributes: aws.ToString(m.MD5OfMessageAttributes),
			Attributes:             map[string]string{},
			MessageAttributes:      map[string]events.SQSMessageAttribute{},
			EventSourceARN:         queueARN,
			EventSource:            "aws:sqs",
			AWSRegion:              region,
		}
		for k, v := range m.Attributes {
			rec.Attributes[k] = v
		}
		for k, v := range m.MessageAttributes {
			rec.MessageAttributes[k] = events.SQSMessageAttribute{
				StringValue:      v.StringValue,
				BinaryValue:      v.BinaryValue,
				StringListValues: v.StringListValues,
				BinaryListValues: v.BinaryListValues,
				DataType:         aws.ToString(v.DataType),
			}
		}
		ev.Records = append(ev.Records, rec)
	}
	return ev
}
