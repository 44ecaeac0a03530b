package awsclients

import (
	"net/http"

	"context"
	"fmt"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// The credentials and region the local cloud uses and gives its functions.
// They are not secrets: the emulator accepts any.
const (
	AccessKeyID     = "local"
	SecretAccessKey = "local"
	Region          = "us-east-1"
	AccountID       = "000000000000"
)

// Clients are the SDK clients for one emulator endpoint.
type Clients struct {
	Config   aws.Config
	DynamoDB *dynamodb.Client
	Streams  *dynamodbstreams.Client
	SQS      *sqs.Client
	Events   *eventbridge.Client
}

// New returns clients for the emulator at endpoint (e.g.
// "http://127.0.0.1:4566"). It ignores the host's AWS profile and
// credentials.
func New(ctx context.Context, endpoint string) (Clients, error) {
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion(Region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, "")),
		config.WithBaseEndpoint(endpoint),
		config.WithSharedConfigFiles(nil),
		config.WithSharedCredentialsFiles(nil),
		// The pollers keep dozens of long polls open at once; the SDK's
		// default of 10 idle connections per host would close and
		// re-dial the rest after every answer.
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
			t.MaxIdleConns = maxIdleConns
			t.MaxIdleConnsPerHost = maxIdleConns
		})),
	)
	if err != nil {
		return Clients{}, fmt.Errorf("aws config for %s: %w", endpoint, err)
	}
	return Clients{
		Config: cfg,
		DynamoDB: dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
			o.DisableValidateResponseChecksum = true
		}),
		Streams: dynamodbstreams.NewFromConfig(cfg),
		SQS:     sqs.NewFromConfig(cfg),
		Events:  eventbridge.NewFromConfig(cfg),
	}, nil
}

// maxIdleConns is how many idle connections to the emulator the local
// cloud's clients keep.
const maxIdleConns = 256

// Env returns the variables that point a function's SDK at the emulator.
func Env(endpoint string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + endpoint,
		"AWS_REGION=" + Region,
		"AWS_DEFAULT_REGION=" + Region,
		"AWS_ACCESS_KEY_ID=" + AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + SecretAccessKey,
	}
}
