// Package dlq is the operator's tool for the platform's dead-letter
// queues: it lists them with their depth, shows their messages with the
// failure the consuming function logged, and moves them back to the queue
// they came from. It makes the same SDK calls against the local cloud's
// emulator and against AWS (SQS, and CloudWatch Logs' FilterLogEvents on
// the consumer's log group), and names the queues as the declarations and
// the stacks do: "<prefix>-<service>-<subscription>-dlq", and a stream
// consumer's "<prefix>-<function>-stream-failures".
package dlq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Kind is what a dead-letter queue holds.
type Kind string

const (
	// KindSubscription: messages of a subscription queue its consumer
	// gave up on after maxReceiveCount receives; they can be redriven.
	KindSubscription Kind = "subscription"
	// KindStreamFailures: pointers to the stream records a stream
	// consumer gave up on; the records themselves stay in the stream.
	KindStreamFailures Kind = "stream-failures"
)

// Queue is one dead-letter queue of the platform.
type Queue struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Source is the queue its messages came from (a subscription's);
	// empty for a stream consumer's failures.
	Source string `json:"source,omitempty"`
	// Function is the consumer that gave up on them.
	Function string `json:"function"`
	// Rebuild is the function that rebuilds what a stream consumer
	// skipped, as its declaration names it.
	Rebuild string `json:"rebuild,omitempty"`
	// URL is the queue's URL; empty when it does not exist.
	URL string `json:"url,omitempty"`
	// Depth is how many messages it holds, visible or in flight.
	Depth int `json:"depth"`
}

// SQSAPI is the part of the SQS API the tool calls; *sqs.Client is one.
type SQSAPI interface {
	GetQueueUrl(ctx context.Context, in *sqs.GetQueueUrlInput, opts ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
	GetQueueAttributes(ctx context.Context, in *sqs.GetQueueAttributesInput, opts ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, opts ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	ChangeMessageVisibility(ctx context.Context, in *sqs.ChangeMessageVisibilityInput, opts ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
	SendMessageBatch(ctx context.Context, in *sqs.SendMessageBatchInput, opts ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error)
	DeleteMessageBatch(ctx context.Context, in *sqs.DeleteMessageBatchInput, opts ...func(*sqs.Options)) (*sqs.DeleteMessageBatchOutput, error)
}

// Tool reaches the platform's queues and its functions' logs.
type Tool struct {
	SQS  SQSAPI
	Logs *cloudwatchlogs.Client
	// Prefix starts every physical name: "conveyor-<stage>".
	Prefix string
	// Services are the declarations (functions.All()).
	Services []spec.Service
}

// Queues names every dead-letter queue the declarations give the
// platform, without reading them.
func (t Tool) Queues() []Queue {
	var out []Queue
	for _, s := range t.Services {
		for _, sub := range s.Subscriptions {
			src := t.Prefix + "-" + s.QueueName(sub)
			out = append(out, Queue{Name: src + "-dlq", Kind: KindSubscription, Source: src, Function: sub.Function})
		}
		for _, f := range s.Functions {
			if f.Stream != nil {
				out = append(out, Queue{Name: t.Prefix + "-" + f.Name + "-stream-failures", Kind: KindStreamFailures, Function: f.Name,
					Rebuild: f.Stream.Rebuild})
			}
		}
	}
	return out
}

// List reads every dead-letter queue's depth. A stream consumer's failure
// queue that does not exist (one that retries forever may have none) is
// listed without a URL.
func (t Tool) List(ctx context.Context) ([]Queue, error) {
	qs := t.Queues()
	for i := range qs {
		if err := t.resolve(ctx, &qs[i]); err != nil {
			return nil, err
		}
	}
	return qs, nil
}

// Find returns the dead-letter queue named name: its full name, or the
// part after the prefix ("payments-saga-dlq").
func (t Tool) Find(ctx context.Context, name string) (Queue, error) {
	for _, q := range t.Queues() {
		if q.Name == name || q.Name == t.Prefix+"-"+name {
			err := t.resolve(ctx, &q)
			if err == nil && q.URL == "" {
				err = fmt.Errorf("dead-letter queue %s does not exist", q.Name)
			}
			return q, err
		}
	}
	return Queue{}, fmt.Errorf("no dead-letter queue %q: `conveyor dlq list` names them", name)
}

func (t Tool) resolve(ctx context.Context, q *Queue) error {
	u, err := t.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(q.Name)})
	if err != nil {
		if q.Kind == KindStreamFailures && queueMissing(err) {
			return nil
		}
		return fmt.Errorf("find %s: %w", q.Name, err)
	}
	q.URL = aws.ToString(u.QueueUrl)
	a, err := t.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: u.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{
		sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
	}})
	if err != nil {
		return fmt.Errorf("read %s: %w", q.Name, err)
	}
	q.Depth = 0
	for _, v := range a.Attributes {
		n, _ := strconv.Atoi(v)
		q.Depth += n
	}
	return nil
}

func queueMissing(err error) bool {
	var missing *sqstypes.QueueDoesNotExist
	if errors.As(err, &missing) {
		return true
	}
	var api smithy.APIError
	return errors.As(err, &api) && (api.ErrorCode() == "AWS.SimpleQueueService.NonExistentQueue" || api.ErrorCode() == "QueueDoesNotExist")
}

// Message is one message of a dead-letter queue.
type Message struct {
	ID   string `json:"messageId"`
	Body string `json:"body"`
	// EventID and EventType are the event's, when the body is an
	// EventBridge event carrying the platform's envelope.
	EventID   string `json:"eventId,omitempty"`
	EventType string `json:"eventType,omitempty"`
	// SentAt is when it was first sent, ReceiveCount how often it was
	// received before it was dead-lettered (as SQS counts it).
	SentAt       time.Time `json:"sentAt"`
	ReceiveCount int       `json:"receiveCount"`
	// Reasons are the lines the consumer logged about the message, oldest
	// first: why each try failed.
	Reasons []string `json:"reasons,omitempty"`
	// ReasonsError says why the log could not be read.
	ReasonsError string `json:"reasonsError,omitempty"`
	// Undelivered says why EventBridge gave up delivering the event to the
	// source queue, when it put the event here itself (see
	// UndeliveredReason); the consumer never saw such a message.
	Undelivered string `json:"undelivered,omitempty"`

	receipt string
	attrs   map[string]sqstypes.MessageAttributeValue
}

// peekVisibility is how long Show keeps the messages it reads invisible,
// before it makes them visible again: enough to read a whole queue once.
const peekVisibility = 30

// Show reads up to max messages of the queue (all of them for max <= 0),
// and for each the lines its consumer logged about it. The messages stay
// in the queue: Show makes them visible again when it is done.
func (t Tool) Show(ctx context.Context, q Queue, max int) ([]Message, error) {
	msgs, err := t.receiveAll(ctx, q, max)
	defer t.release(context.WithoutCancel(ctx), q, msgs)
	if err != nil {
		return msgs, err
	}
	for i := range msgs {
		t.explain(ctx, q, &msgs[i])
	}
	return msgs, nil
}

// receiveAll receives messages until the queue gives no new one or max
// are read, keeping each invisible for peekVisibility.
func (t Tool) receiveAll(ctx context.Context, q Queue, max int) ([]Message, error) {
	var out []Message
	seen := map[string]bool{}
	for empty := 0; empty < 2 && (max <= 0 || len(out) < max); {
		n := int32(10)
		if max > 0 {
			n = int32(min(10, max-len(out)))
		}
		res, err := t.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(q.URL), MaxNumberOfMessages: n, VisibilityTimeout: peekVisibility, WaitTimeSeconds: 1,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"},
		})
		if err != nil {
			return out, fmt.Errorf("receive from %s: %w", q.Name, err)
		}
		fresh := 0
		for _, m := range res.Messages {
			id := aws.ToString(m.MessageId)
			if seen[id] {
				continue
			}
			seen[id], fresh = true, fresh+1
			out = append(out, message(m))
		}
		if fresh == 0 {
			empty++
		}
	}
	return out, nil
}

func message(m sqstypes.Message) Message {
	msg := Message{ID: aws.ToString(m.MessageId), Body: aws.ToString(m.Body), receipt: aws.ToString(m.ReceiptHandle), attrs: m.MessageAttributes}
	if ms, err := strconv.ParseInt(m.Attributes[string(sqstypes.MessageSystemAttributeNameSentTimestamp)], 10, 64); err == nil {
		msg.SentAt = time.UnixMilli(ms).UTC()
	}
	msg.ReceiveCount, _ = strconv.Atoi(m.Attributes[string(sqstypes.MessageSystemAttributeNameApproximateReceiveCount)])
	msg.Undelivered = UndeliveredReason(m.MessageAttributes)
	var ev struct {
		Detail struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"detail"`
	}
	if json.Unmarshal([]byte(msg.Body), &ev) == nil {
		msg.EventID, msg.EventType = ev.Detail.ID, ev.Detail.Type
	}
	return msg
}

// UndeliveredReason says why EventBridge gave up delivering an event to
// a rule's target, from the attributes it gives the event when it sends it
// to the target's dead-letter queue instead (ERROR_CODE, ERROR_MESSAGE,
// RETRY_ATTEMPTS, TARGET_ARN): "" for a message without them, one that a
// consumer gave up on.
func UndeliveredReason(attrs map[string]sqstypes.MessageAttributeValue) string {
	get := func(name string) string { return aws.ToString(attrs[name].StringValue) }
	code := get("ERROR_CODE")
	if code == "" || get("TARGET_ARN") == "" {
		return ""
	}
	target := get("TARGET_ARN")
	reason := fmt.Sprintf("EventBridge gave up delivering it to %s: %s", target[strings.LastIndex(target, ":")+1:], code)
	if n := get("RETRY_ATTEMPTS"); n != "" {
		reason += " after " + n + " retries"
	}
	if m := get("ERROR_MESSAGE"); m != "" {
		reason += ": " + m
	}
	return reason
}

// release makes the messages visible again.
func (t Tool) release(ctx context.Context, q Queue, msgs []Message) {
	var receipts []string
	for _, m := range msgs {
		if m.receipt != "" {
			receipts = append(receipts, m.receipt)
		}
	}
	t.makeVisible(ctx, q, receipts)
}

// explain finds the lines the consumer logged about m: those naming its
// message id (a dead-lettered message keeps the id it had in its source
// queue, and the consumer logs it with every failure) in the consumer's
// log group since m was sent.
func (t Tool) explain(ctx context.Context, q Queue, m *Message) {
	if t.Logs == nil || q.Kind != KindSubscription {
		return
	}
	pattern := fmt.Sprintf(`{ $.messageId = %q }`, m.ID)
	in := &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName:  aws.String("/aws/lambda/" + t.Prefix + "-" + q.Function),
		FilterPattern: aws.String(pattern),
		StartTime:     aws.Int64(m.SentAt.Add(-time.Minute).UnixMilli()),
	}
	p := cloudwatchlogs.NewFilterLogEventsPaginator(t.Logs, in)
	for p.HasMorePages() && len(m.Reasons) < 50 {
		out, err := p.NextPage(ctx)
		if err != nil {
			m.ReasonsError = err.Error()
			return
		}
		for _, e := range out.Events {
			m.Reasons = append(m.Reasons, aws.ToString(e.Message))
		}
	}
}

// Redrive moves every message of a subscription's dead-letter queue back
// to its source queue, as SQS's redrive does: each is sent to the source
// with its body and attributes, then deleted from the dead-letter queue.
// It returns how many moved.
func (t Tool) Redrive(ctx context.Context, q Queue) (int, error) {
	return t.redrive(ctx, q, nil)
}

// RedriveMessages moves the messages of a subscription's dead-letter
// queue whose ids are given back to its source queue, as Redrive moves
// them all, and leaves the others where they are, visible again at once.
// It returns how many moved; when some of the ids are not in the queue
// (moved already, or never there) it moves the others and says how many
// it found.
func (t Tool) RedriveMessages(ctx context.Context, q Queue, ids ...string) (int, error) {
	if len(ids) == 0 {
		return 0, errors.New("redrive: no message named (Redrive moves them all)")
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	n, err := t.redrive(ctx, q, want)
	if err == nil && n < len(want) {
		err = fmt.Errorf("redrive: %d of the %d messages named found in %s", n, len(want), q.Name)
	}
	return n, err
}

// redrive moves the messages of q whose ids want holds (all of them when
// want is nil) back to q's source. Each batch is sent to the source, then
// deleted from q, so that a failure half way leaves a message in both
// queues, never in neither: the consumers deduplicate events. The messages
// it receives and leaves are made visible again when it is done.
func (t Tool) redrive(ctx context.Context, q Queue, want map[string]bool) (int, error) {
	if q.Kind != KindSubscription {
		return 0, fmt.Errorf("%s points at stream records, which cannot be sent back: the records stay in the stream (24 h), "+
			"and invoking %s rebuilds what %s skipped", q.Name, q.Rebuild, q.Function)
	}
	src, err := t.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(q.Source)})
	if err != nil {
		return 0, fmt.Errorf("find the source queue %s: %w", q.Source, err)
	}
	moved := 0
	var left []string // receipt handles of the messages left in q
	defer func() { t.makeVisible(context.WithoutCancel(ctx), q, left) }()
	for empty := 0; empty < 2 && (want == nil || moved < len(want)); {
		res, err := t.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 10, VisibilityTimeout: peekVisibility, WaitTimeSeconds: 1,
			MessageAttributeNames: []string{"All"},
		})
		if err != nil {
			return moved, fmt.Errorf("receive from %s: %w", q.Name, err)
		}
		if len(res.Messages) == 0 {
			empty++
			continue
		}
		empty = 0
		var chosen []sqstypes.Message
		for _, m := range res.Messages {
			if want != nil && !want[aws.ToString(m.MessageId)] {
				left = append(left, aws.ToString(m.ReceiptHandle))
				continue
			}
			chosen = append(chosen, m)
		}
		if len(chosen) == 0 {
			continue
		}
		n, err := t.move(ctx, q, aws.ToString(src.QueueUrl), chosen)
		moved += n
		if err != nil {
			return moved, err
		}
	}
	return moved, nil
}

// move sends msgs, received from q, to the queue at srcURL, then deletes
// from q those that were sent, and returns how many moved.
func (t Tool) move(ctx context.Context, q Queue, srcURL string, msgs []sqstypes.Message) (int, error) {
	var send []sqstypes.SendMessageBatchRequestEntry
	for i, m := range msgs {
		send = append(send, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: m.Body,
			MessageAttributes: m.MessageAttributes})
	}
	sent, err := t.SQS.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(srcURL), Entries: send})
	if err != nil {
		return 0, fmt.Errorf("send to %s: %w", q.Source, err)
	}
	moved := 0
	var del []sqstypes.DeleteMessageBatchRequestEntry
	for _, ok := range sent.Successful {
		i, _ := strconv.Atoi(aws.ToString(ok.Id))
		del = append(del, sqstypes.DeleteMessageBatchRequestEntry{Id: ok.Id, ReceiptHandle: msgs[i].ReceiptHandle})
	}
	if len(del) > 0 {
		out, err := t.SQS.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(q.URL), Entries: del})
		if err != nil {
			return 0, fmt.Errorf("delete from %s: %w", q.Name, err)
		}
		moved = len(out.Successful)
	}
	if len(sent.Failed) > 0 {
		var why []string
		for _, f := range sent.Failed {
			why = append(why, aws.ToString(f.Message))
		}
		slices.Sort(why)
		return moved, fmt.Errorf("send to %s: %d refused: %s", q.Source, len(sent.Failed), strings.Join(slices.Compact(why), "; "))
	}
	return moved, nil
}

// makeVisible makes the messages of the receipt handles visible again.
func (t Tool) makeVisible(ctx context.Context, q Queue, receipts []string) {
	for _, h := range receipts {
		_, _ = t.SQS.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(q.URL), ReceiptHandle: aws.String(h), VisibilityTimeout: 0,
		})
	}
}
