package awsclient

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// The retry settings of every client: the SDK's standard retryer (jittered
// exponential backoff, retry quota) with these bounds.
const (
	MaxAttempts = 5
	MaxBackoff  = 2 * time.Second
)

// Load returns the SDK configuration: config.LoadDefaultConfig with the
// retry settings above and X-Ray tracing, then opts, which override
// everything else. AWS_ENDPOINT_URL, read by the SDK itself, sets the
// endpoint of every client.
func Load(ctx context.Context, opts ...func(*config.LoadOptions) error) (aws.Config, error) {
	all := append([]func(*config.LoadOptions) error{
		config.WithRetryer(newRetryer),
	}, opts...)
	cfg, err := config.LoadDefaultConfig(ctx, all...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("awsclient: load configuration: %w", err)
	}
	tracing.InstrumentAWS(&cfg)
	return cfg, nil
}

func newRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = MaxAttempts
		o.MaxBackoff = MaxBackoff
	})
}

// Emulated reports whether cfg points every client at an endpoint of its
// own (AWS_ENDPOINT_URL or config.WithBaseEndpoint), as with an emulator.
func Emulated(cfg aws.Config) bool {
	return cfg.BaseEndpoint != nil && *cfg.BaseEndpoint != ""
}

// DynamoDB returns a DynamoDB client for cfg. Against an emulator it does
// not check the response CRC32, which kumo does not send.
func DynamoDB(cfg aws.Config, opts ...func(*dynamodb.Options)) *dynamodb.Client {
	emulated := Emulated(cfg)
	return dynamodb.NewFromConfig(cfg, append([]func(*dynamodb.Options){func(o *dynamodb.Options) {
		o.DisableValidateResponseChecksum = emulated
	}}, opts...)...)
}

// SQS returns an SQS client for cfg.
func SQS(cfg aws.Config, opts ...func(*sqs.Options)) *sqs.Client {
	return sqs.NewFromConfig(cfg, opts...)
}

// EventBridge returns an EventBridge client for cfg.
func EventBridge(cfg aws.Config, opts ...func(*eventbridge.Options)) *eventbridge.Client {
	return eventbridge.NewFromConfig(cfg, opts...)
}
