package poller

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/chaos"
)

// queueName is the mapping's queue name, the last part of its ARN, which
// the chaos scopes name.
func (p *sqsPoller) queueName() string {
	arn := p.cfg.QueueARN
	return arn[strings.LastIndexByte(arn, ':')+1:]
}

// holdBack takes the messages the chaos holds back out of the batch: each
// stays invisible for its delay, and arrives in a later batch, after
// messages sent after it, with one more receive counted, as a message SQS
// returns late does. The rest of the batch is returned.
func (p *sqsPoller) holdBack(ctx context.Context, msgs []sqstypes.Message) []sqstypes.Message {
	if p.cfg.Chaos == nil {
		return msgs
	}
	kept := msgs[:0:0]
	for _, m := range msgs {
		delay, late := p.cfg.Chaos.Late(p.queueName())
		if !late {
			kept = append(kept, m)
			continue
		}
		_, err := p.client.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: aws.String(p.cfg.QueueURL), ReceiptHandle: m.ReceiptHandle,
			VisibilityTimeout: int32(math.Ceil(delay.Seconds())),
		})
		if err != nil {
			if ctx.Err() == nil {
				p.cfg.Notice(fmt.Sprintf("chaos: hold a message of %s back: %v", p.cfg.QueueARN, err))
			}
			kept = append(kept, m)
			continue
		}
		p.cfg.Chaos.Record(chaos.KindLate, 1)
	}
	return kept
}

// duplicate returns the batch to deliver, with the messages the chaos
// delivers twice in it appended again, and the messages to send to the
// queue again, to be delivered twice in separate batches. A batch already
// full gets its copies in a separate batch.
func (p *sqsPoller) duplicate(msgs []sqstypes.Message) (delivered, copies []sqstypes.Message) {
	delivered = msgs
	if p.cfg.Chaos == nil {
		return delivered, nil
	}
	for _, m := range msgs {
		if p.takeCopy(aws.ToString(m.MessageId)) {
			continue // a copy is not copied again
		}
		switch p.cfg.Chaos.Duplicate(p.queueName()) {
		case chaos.DuplicateSameBatch:
			if len(delivered) < p.cfg.BatchSize {
				delivered = append(delivered[:len(delivered):len(delivered)], m)
				p.cfg.Chaos.Record(chaos.KindDuplicateSameBatch, 1)
				continue
			}
			copies = append(copies, m)
		case chaos.DuplicateSeparateBatch:
			copies = append(copies, m)
		}
	}
	return delivered, copies
}

// resend sends a copy of each message to the queue, body and attributes,
// to arrive one or two seconds later: the copy is delivered in a batch of its own
// and the function meets the message twice, as SQS's at-least-once
// delivery may make it.
func (p *sqsPoller) resend(ctx context.Context, copies []sqstypes.Message) {
	if len(copies) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for _, m := range copies {
		out, err := p.client.SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl: aws.String(p.cfg.QueueURL), MessageBody: m.Body,
			MessageAttributes: m.MessageAttributes,
			// A second or two later: the copy is known as one (keepCopy)
			// before it can be received.
			DelaySeconds: int32(1 + p.cfg.Chaos.Choose(2)),
		})
		if err != nil {
			p.cfg.Notice(fmt.Sprintf("chaos: send a copy of a message to %s: %v", p.cfg.QueueARN, err))
			continue
		}
		p.cfg.Chaos.Record(chaos.KindDuplicateSeparateBatch, 1)
		p.keepCopy(aws.ToString(out.MessageId))
	}
}

// maxCopies bounds the copies a mapping remembers: a copy not received
// by the time that many more were sent is forgotten, and may be copied
// again.
const maxCopies = 10_000

// keepCopy remembers the id of a copy the mapping sent.
func (p *sqsPoller) keepCopy(id string) {
	p.copiesMu.Lock()
	defer p.copiesMu.Unlock()
	if p.copies == nil || len(p.copies) >= maxCopies {
		p.copies = map[string]bool{}
	}
	p.copies[id] = true
}

// takeCopy reports whether id is a copy the mapping sent, and forgets it.
func (p *sqsPoller) takeCopy(id string) bool {
	p.copiesMu.Lock()
	defer p.copiesMu.Unlock()
	if !p.copies[id] {
		return false
	}
	delete(p.copies, id)
	return true
}
