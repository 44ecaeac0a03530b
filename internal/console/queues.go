package console

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/dlq"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// QueueAPI is the part of the SQS API the console uses: what it reads
// depths and dead letters with, and what internal/dlq moves dead letters
// back with. *sqs.Client is one.
type QueueAPI interface {
	dlq.SQSAPI
}

// depthsEvery is how long queue depths are kept before the console asks
// the emulator again; it asks only when a page wants them.
const depthsEvery = 3 * time.Second

// Queue is one queue of the platform and the one behind it: a
// subscription's queue and its dead-letter queue, or a stream consumer's
// failure queue (which has none behind it).
type Queue struct {
	// Key names the queue in the console's addresses: "<service>/<subscription>",
	// or "stream/<function>" for a failure queue.
	Key      string
	Service  string
	Function string
	// Subscription is the subscription's name; empty for a failure queue.
	Subscription string
	Name, URL    string
	// DLQName and DLQURL are the dead-letter queue; for a failure queue,
	// the queue itself.
	DLQName, DLQURL string
	// Depth is the messages waiting, InFlight those being handled, and
	// DLQDepth those in the dead-letter queue.
	Depth, InFlight, DLQDepth int
	// Read says whether the depths were read; Err says why they could
	// not be.
	Read bool
	Err  string
}

// FailureQueue reports whether q is a stream consumer's failure queue
// rather than a subscription's queue.
func (q Queue) FailureQueue() bool { return q.Subscription == "" }

// deadLetters is the dead-letter queue of q, a subscription's queue, as
// internal/dlq names it: its dead letters go back to q.
func (q Queue) deadLetters() dlq.Queue {
	return dlq.Queue{Name: q.DLQName, Kind: dlq.KindSubscription, Source: q.Name, Function: q.Function, URL: q.DLQURL}
}

// queueBoard lists the platform's queues and keeps their depths for
// depthsEvery.
type queueBoard struct {
	api    QueueAPI
	queues []Queue
	now    func() time.Time

	mu      sync.Mutex
	read    time.Time
	depths  []Queue
	reading chan struct{}
}

func newQueueBoard(api QueueAPI, services []spec.Service, p provision.Platform) *queueBoard {
	b := &queueBoard{api: api, now: time.Now}
	for _, s := range services {
		for _, sub := range s.Subscriptions {
			q, ok := p.Queues[provision.QueueKey(s, sub)]
			if !ok {
				continue
			}
			b.queues = append(b.queues, Queue{Key: provision.QueueKey(s, sub), Service: s.Name, Function: sub.Function,
				Subscription: sub.Name, Name: q.Name, URL: q.URL, DLQName: q.DLQName, DLQURL: q.DLQURL})
		}
		for _, f := range s.Functions {
			q, ok := p.StreamFailures[f.Name]
			if !ok || q.URL == "" {
				continue
			}
			b.queues = append(b.queues, Queue{Key: "stream/" + f.Name, Service: s.Name, Function: f.Name,
				Name: q.Name, URL: q.URL, DLQName: q.Name, DLQURL: q.URL})
		}
	}
	sort.SliceStable(b.queues, func(i, j int) bool { return b.queues[i].Key < b.queues[j].Key })
	return b
}

// find returns the queue of a key.
func (b *queueBoard) find(key string) (Queue, bool) {
	for _, q := range b.queues {
		if q.Key == key {
			return q, true
		}
	}
	return Queue{}, false
}

// list returns every queue with its depths, asking the emulator when the
// depths it has are older than depthsEvery. Pages asking at the same time
// share one reading.
func (b *queueBoard) list(ctx context.Context) []Queue {
	b.mu.Lock()
	if b.depths != nil && b.now().Sub(b.read) < depthsEvery {
		defer b.mu.Unlock()
		return b.depths
	}
	if wait := b.reading; wait != nil {
		b.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.depths == nil {
			return b.queues
		}
		return b.depths
	}
	done := make(chan struct{})
	b.reading = done
	b.mu.Unlock()

	depths := b.readDepths(ctx)

	b.mu.Lock()
	defer b.mu.Unlock()
	b.depths, b.read, b.reading = depths, b.now(), nil
	close(done)
	return depths
}

// kept returns every queue with the depths last read, however old, or
// without depths before the first reading: a page shows them at once,
// and asks for fresh ones as soon as it has loaded.
func (b *queueBoard) kept() []Queue {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.depths != nil {
		return b.depths
	}
	return b.queues
}

// forget drops the kept depths, so that the next list reads them.
func (b *queueBoard) forget() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.depths = nil
}

// readDepths asks the emulator for every queue's depths, a few queues at
// a time.
func (b *queueBoard) readDepths(ctx context.Context) []Queue {
	out := append([]Queue(nil), b.queues...)
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			q := &out[i]
			q.Read = true
			var errs []error
			var err error
			if q.FailureQueue() {
				q.DLQDepth, _, err = depth(ctx, b.api, q.URL)
				errs = append(errs, err)
			} else {
				q.Depth, q.InFlight, err = depth(ctx, b.api, q.URL)
				errs = append(errs, err)
				q.DLQDepth, _, err = depth(ctx, b.api, q.DLQURL)
				errs = append(errs, err)
			}
			if err := errors.Join(errs...); err != nil {
				q.Err = err.Error()
			}
		}()
	}
	wg.Wait()
	return out
}

func depth(ctx context.Context, api QueueAPI, url string) (visible, inFlight int, err error) {
	out, err := api.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages,
			sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil {
		return 0, 0, fmt.Errorf("depth of %s: %w", url, err)
	}
	visible, _ = strconv.Atoi(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)])
	inFlight, _ = strconv.Atoi(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible)])
	return visible, inFlight, nil
}

// Message is a message waiting in a dead-letter or failure queue.
type Message struct {
	ID   string
	Body string
	// Sent is when it was first sent to the queue it failed in.
	Sent time.Time
	// Receives is how often it was received before it was moved.
	Receives int
	// Reason is the last error its consumer logged about it, when the
	// log store still holds it, or why EventBridge gave up delivering it
	// when it never reached the consumer.
	Reason string
}

// peekLimit bounds how many messages a look into a dead-letter queue
// shows.
const peekLimit = 100

// peekVisibility is how long a message looked at stays hidden if
// releasing it fails: the shortest the emulator honours.
const peekVisibility = 5

// Peek returns up to limit messages of a dead-letter queue, oldest first,
// and leaves them there: each is received, then made visible again at
// once. Nothing consumes a dead-letter queue, so looking delays no one;
// the console never looks into a queue a function drains.
func Peek(ctx context.Context, api QueueAPI, url string, limit int) ([]Message, error) {
	var out []Message
	var handles []string
	defer func() {
		for _, h := range handles {
			_, _ = api.ChangeMessageVisibility(context.WithoutCancel(ctx), &sqs.ChangeMessageVisibilityInput{
				QueueUrl: aws.String(url), ReceiptHandle: aws.String(h), VisibilityTimeout: 0})
		}
	}()
	seen := map[string]bool{}
	for len(out) < limit {
		resp, err := api.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url),
			MaxNumberOfMessages: int32(min(10, limit-len(out))), VisibilityTimeout: peekVisibility,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"}})
		if err != nil {
			return out, fmt.Errorf("look into %s: %w", url, err)
		}
		if len(resp.Messages) == 0 {
			break
		}
		for _, m := range resp.Messages {
			handles = append(handles, aws.ToString(m.ReceiptHandle))
			id := aws.ToString(m.MessageId)
			if seen[id] {
				continue
			}
			seen[id] = true
			msg := Message{ID: id, Body: aws.ToString(m.Body), Reason: dlq.UndeliveredReason(m.MessageAttributes)}
			if ms, err := strconv.ParseInt(m.Attributes[string(sqstypes.MessageSystemAttributeNameSentTimestamp)], 10, 64); err == nil {
				msg.Sent = time.UnixMilli(ms)
			}
			// The count includes this look.
			msg.Receives, _ = strconv.Atoi(m.Attributes[string(sqstypes.MessageSystemAttributeNameApproximateReceiveCount)])
			out = append(out, msg)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Sent.Before(out[j].Sent) })
	return out, nil
}
