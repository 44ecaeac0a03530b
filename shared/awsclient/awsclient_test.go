package awsclient_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// pointAtEmulator sets the environment a function gets when it runs
// against the emulator, and hides the host's AWS files.
func pointAtEmulator(t *testing.T, endpoint string) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            endpoint,
		"AWS_REGION":                  "us-east-1",
		"AWS_ACCESS_KEY_ID":           "test",
		"AWS_SECRET_ACCESS_KEY":       "test",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
	} {
		t.Setenv(k, v)
	}
}

func TestLoadHonoursAWSEndpointURL(t *testing.T) {
	env := kumotest.Start(t)
	pointAtEmulator(t, env.Endpoint)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	cfg, err := awsclient.Load(ctx)
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	if !awsclient.Emulated(cfg) || *cfg.BaseEndpoint != env.Endpoint {
		t.Fatalf("BaseEndpoint = %v, want %s from AWS_ENDPOINT_URL", cfg.BaseEndpoint, env.Endpoint)
	}
	if got := cfg.Retryer().MaxAttempts(); got != awsclient.MaxAttempts {
		t.Errorf("retryer allows %d attempts, want %d", got, awsclient.MaxAttempts)
	}

	db := awsclient.DynamoDB(cfg)
	if !db.Options().DisableValidateResponseChecksum {
		t.Error("an emulated DynamoDB client validates the CRC32 kumo does not send")
	}
	table := kumotest.UniqueName(t, "awsclient")
	kumotest.CreateTable(t, db, table, spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}})
	item := map[string]types.AttributeValue{
		"pk":   &types.AttributeValueMemberS{Value: "product#ABC-1"},
		"name": &types.AttributeValueMemberS{Value: "Kettle"},
	}
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(table),
		Key:            map[string]types.AttributeValue{"pk": item["pk"]},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	name, ok := out.Item["name"].(*types.AttributeValueMemberS)
	if !ok || name.Value != "Kettle" {
		t.Errorf("GetItem returned %v, want the item just put", out.Item)
	}
}

func TestTheChecksumIsValidatedAgainstAWS(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "")
	cfg := aws.Config{Region: "eu-west-1"}
	if awsclient.Emulated(cfg) {
		t.Fatal("Emulated() = true without an endpoint")
	}
	if awsclient.DynamoDB(cfg).Options().DisableValidateResponseChecksum {
		t.Error("a DynamoDB client for AWS skips the response checksum")
	}
}

func TestLoadOptionsOverrideTheDefaults(t *testing.T) {
	pointAtEmulator(t, "http://127.0.0.1:1")
	cfg, err := awsclient.Load(context.Background(), config.WithRegion("eu-central-1"), config.WithBaseEndpoint("http://127.0.0.1:2"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "eu-central-1" || *cfg.BaseEndpoint != "http://127.0.0.1:2" {
		t.Errorf("region %s, endpoint %s; want the options' values", cfg.Region, *cfg.BaseEndpoint)
	}
}

func TestCallsAreTracedInATracedContext(t *testing.T) {
	env := kumotest.Start(t)
	rec, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	traced, err := rec.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}

	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "traced")
	kumotest.CreateTable(t, db, table, spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}})
	_, err = db.PutItem(traced, &dynamodb.PutItemInput{
		TableName: aws.String(table),
		Item:      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}},
	})
	if err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	span, err := rec.WaitFor(ctx, "DynamoDB")
	if err != nil {
		t.Fatal(err)
	}
	if span.AWS["operation"] != "PutItem" || span.Namespace != "aws" || span.TraceID != tracing.TraceID(traced) {
		t.Errorf("span = %+v, want the PutItem call in the invocation's trace", span)
	}
}

func TestSQSAndEventBridgeClientsReachTheEmulator(t *testing.T) {
	env := kumotest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("a message sent to a queue is received", func(t *testing.T) {
		q := awsclient.SQS(env.Config)
		created, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "q"))})
		if err != nil {
			t.Fatalf("CreateQueue: %v", err)
		}
		if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: created.QueueUrl, MessageBody: aws.String(`{"order":"o-1"}`)}); err != nil {
			t.Fatalf("SendMessage: %v", err)
		}
		got, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: created.QueueUrl, WaitTimeSeconds: 1})
		if err != nil {
			t.Fatalf("ReceiveMessage: %v", err)
		}
		if len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != `{"order":"o-1"}` {
			t.Errorf("received %+v, want the message sent", got.Messages)
		}
	})
	t.Run("an event put on a bus is accepted", func(t *testing.T) {
		eb := awsclient.EventBridge(env.Config)
		bus := kumotest.UniqueName(t, "bus")
		if _, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(bus)}); err != nil {
			t.Fatalf("CreateEventBus: %v", err)
		}
		out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(bus), Source: aws.String("conveyor.test"),
			DetailType: aws.String("Tested"), Detail: aws.String(`{"ok":true}`),
		}}})
		if err != nil || out.FailedEntryCount != 0 {
			t.Fatalf("PutEvents: %v, %d failed", err, out.FailedEntryCount)
		}
	})
}
