package poller

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// SendStreamFailure returns an OnFailure that sends each failure, as the
// JSON document Lambda sends, to the queue at queueURL. An empty queueURL
// returns nil: no destination.
func SendStreamFailure(client *sqs.Client, queueURL string) func(context.Context, StreamFailure) error {
	if queueURL == "" {
		return nil
	}
	return func(ctx context.Context, f StreamFailure) error {
		body, err := json.Marshal(f)
		if err != nil {
			return fmt.Errorf("encode stream failure: %w", err)
		}
		if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(string(body))}); err != nil {
			return fmt.Errorf("send stream failure to %s: %w", queueURL, err)
		}
		return nil
	}
}
