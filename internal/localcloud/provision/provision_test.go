package provision_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestMain(m *testing.M) { kumotest.Main(m) }

func declaration() spec.Service {
	return spec.Service{
		Name: "shipping",
		Table: spec.Table{
			PartitionKey: spec.Key{Name: "pk", Type: spec.String},
			SortKey:      &spec.Key{Name: "sk", Type: spec.String},
			Indexes: []spec.Index{{Name: "byStatus", PartitionKey: spec.Key{Name: "status", Type: spec.String},
				SortKey: &spec.Key{Name: "at", Type: spec.Number}}},
			Stream:       spec.NewAndOldImages,
			TTLAttribute: "expiresAt",
		},
		Functions: []spec.Function{{Name: "shipping-worker", Entry: "./x", MemoryMB: 128, Timeout: 5 * time.Second}},
		Subscriptions: []spec.Subscription{{
			Name: "order-confirmed", Function: "shipping-worker", BatchSize: 5, MaxReceiveCount: 3,
			Sources: []string{"conveyor.orders"}, DetailTypes: []string{"OrderConfirmed"},
		}},
	}
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	c := kumotest.Start(t).Clients()
	names := provision.Names{Prefix: kumotest.Prefix(t)}
	s := declaration()
	p, err := provision.Apply(ctx, c, names, []spec.Service{s})
	if err != nil {
		t.Fatal(err)
	}
	again, err := provision.Apply(ctx, c, names, []spec.Service{s})
	if err != nil {
		t.Fatalf("second Apply: %v", err)
	}
	q := p.Queues[provision.QueueKey(s, s.Subscriptions[0])]

	t.Run("running it twice returns the same resources", func(t *testing.T) {
		a, b := p.Queues, again.Queues
		if a[provision.QueueKey(s, s.Subscriptions[0])] != b[provision.QueueKey(s, s.Subscriptions[0])] || p.Tables["shipping"] != again.Tables["shipping"] {
			t.Fatalf("first %+v, second %+v", p, again)
		}
	})
	t.Run("the table has the declared keys, index and stream", func(t *testing.T) {
		d, err := c.DynamoDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(names.Table(s))})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Table.KeySchema) != 2 || aws.ToString(d.Table.KeySchema[0].AttributeName) != "pk" {
			t.Fatalf("key schema %+v", d.Table.KeySchema)
		}
		if len(d.Table.GlobalSecondaryIndexes) != 1 || aws.ToString(d.Table.GlobalSecondaryIndexes[0].IndexName) != "byStatus" {
			t.Fatalf("indexes %+v", d.Table.GlobalSecondaryIndexes)
		}
		if p.Tables["shipping"].StreamARN == "" || d.Table.StreamSpecification == nil || string(d.Table.StreamSpecification.StreamViewType) != "NEW_AND_OLD_IMAGES" {
			t.Fatalf("stream %+v", d.Table.StreamSpecification)
		}
	})
	t.Run("the queue redrives to its DLQ after the declared receives", func(t *testing.T) {
		a, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(q.URL),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
		if err != nil {
			t.Fatal(err)
		}
		var redrive struct {
			DeadLetterTargetArn string `json:"deadLetterTargetArn"`
			MaxReceiveCount     any    `json:"maxReceiveCount"`
		}
		if err := json.Unmarshal([]byte(a.Attributes["RedrivePolicy"]), &redrive); err != nil {
			t.Fatalf("redrive policy %q: %v", a.Attributes["RedrivePolicy"], err)
		}
		if redrive.DeadLetterTargetArn != q.DLQARN || !strings.Contains(a.Attributes["RedrivePolicy"], "3") {
			t.Fatalf("redrive policy %s, DLQ %s", a.Attributes["RedrivePolicy"], q.DLQARN)
		}
		if a.Attributes["VisibilityTimeout"] != "30" {
			t.Fatalf("visibility timeout %s, want six times the function timeout", a.Attributes["VisibilityTimeout"])
		}
	})
	t.Run("matching events on the bus reach the queue and others do not", func(t *testing.T) {
		put := func(detailType string) {
			out, err := c.Events.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
				EventBusName: aws.String(p.Bus), Source: aws.String("conveyor.orders"),
				DetailType: aws.String(detailType), Detail: aws.String(`{"orderId":"o-1"}`),
			}}})
			if err != nil || out.FailedEntryCount != 0 {
				t.Fatalf("PutEvents: %v %+v", err, out)
			}
		}
		put("OrderPlaced")
		put("OrderConfirmed")
		var bodies []string
		deadline := time.Now().Add(10 * time.Second)
		for len(bodies) == 0 && time.Now().Before(deadline) {
			out, err := c.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range out.Messages {
				bodies = append(bodies, aws.ToString(m.Body))
			}
		}
		if len(bodies) != 1 || !strings.Contains(bodies[0], `"OrderConfirmed"`) {
			t.Fatalf("queue received %q, want only the OrderConfirmed event", bodies)
		}
	})
}

func TestApplyRefusesAnInvalidDeclaration(t *testing.T) {
	s := declaration()
	s.Subscriptions[0].Function = "nobody"
	_, err := provision.Apply(context.Background(), kumotest.Start(t).Clients(), provision.Names{Prefix: kumotest.Prefix(t)}, []spec.Service{s})
	if err == nil || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("error = %v, want one naming the unknown function", err)
	}
}
