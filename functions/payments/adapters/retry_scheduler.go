package adapters

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/shared/correlation"
)

// SQSAPI is the part of the SQS client the scheduler uses.
type SQSAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	GetQueueUrl(ctx context.Context, in *sqs.GetQueueUrlInput, opts ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
}

// RetrySQSScheduler schedules a parked authorisation's retry as an SQS
// message timer (DelaySeconds, at most 15 minutes) on the queue the
// triggering message came from, the saga's own subscription queue.
type RetrySQSScheduler struct {
	client SQSAPI
	urls   sync.Map
}

// NewRetrySQSScheduler returns a scheduler sending with client.
func NewRetrySQSScheduler(client SQSAPI) (*RetrySQSScheduler, error) {
	if client == nil {
		return nil, errors.New("adapters: an SQS client is required")
	}
	return &RetrySQSScheduler{client: client}, nil
}

// ScheduleRetry sends the retry of orderID's attempt, delivered after delay.
func (s *RetrySQSScheduler) ScheduleRetry(ctx context.Context, orderID string, attempt int, delay time.Duration) error {
	arn := app.RetryQueue(ctx)
	if arn == "" {
		return errors.New("schedule retry: no queue in the context")
	}
	url, err := s.queueURL(ctx, arn)
	if err != nil {
		return err
	}
	body, err := json.Marshal(app.RetryMessage{OrderID: orderID, Attempt: attempt, CorrelationID: correlation.From(ctx)})
	if err != nil {
		return fmt.Errorf("schedule retry: %w", err)
	}
	seconds := int32(min(max(delay.Round(time.Second), time.Second), 15*time.Minute) / time.Second)
	_, err = s.client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:     aws.String(url),
		MessageBody:  aws.String(string(body)),
		DelaySeconds: seconds,
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{
			app.RetryMessageAttribute: {DataType: aws.String("String"), StringValue: aws.String(app.RetryMessageKind)},
		},
	})
	if err != nil {
		return fmt.Errorf("schedule retry of order %s: %w", orderID, err)
	}
	return nil
}

// queueURL resolves a queue ARN (arn:aws:sqs:<region>:<account>:<name>)
// to its URL once.
func (s *RetrySQSScheduler) queueURL(ctx context.Context, arn string) (string, error) {
	if u, ok := s.urls.Load(arn); ok {
		return u.(string), nil
	}
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[2] != "sqs" {
		return "", fmt.Errorf("schedule retry: %q is not an SQS queue ARN", arn)
	}
	out, err := s.client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(parts[5]), QueueOwnerAWSAccountId: aws.String(parts[4])})
	if err != nil {
		return "", fmt.Errorf("schedule retry: queue %s: %w", arn, err)
	}
	u := aws.ToString(out.QueueUrl)
	s.urls.Store(arn, u)
	return u, nil
}
