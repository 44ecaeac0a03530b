package service_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/events/schemas"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestDecisionsArePublishedOnceTheBusRecoversFromAnOutageLongerThanTheirMessages
// runs inventory-events and inventory-publisher as their constructors
// build them, on a table made as the declaration says, while EventBridge
// refuses every call for longer than the order events' messages live:
// each is delivered as often as the subscription's queue allows and then
// leaves it (dead-lettered or done). The decisions they stored are still
// published, from the table's stream, once the bus is back.
func TestDecisionsArePublishedOnceTheBusRecoversFromAnOutageLongerThanTheirMessages(t *testing.T) {
	p := newPlatform(t)
	p.bus.setDown(true)
	handler := p.eventsFunction(t)
	publisher := p.build(t, service.NewPublisherHandler)
	if _, err := app.NewSetStockHandler(p.repo, time.Now).Handle(t.Context(), app.SetStock{SKU: "MUG-RED-350", OnHand: 5}); err != nil {
		t.Fatal(err)
	}
	reserved, rejected := "O-"+uuid.NewString(), "O-"+uuid.NewString()
	placed, placedShort := orderPlaced(t, reserved, 2), orderPlaced(t, rejected, 9)
	cancelled := orderEvent(t, events.OrderCancelled{OrderID: reserved, Reason: events.CancelCustomerRequest, CancelledAt: time.Now().UTC()})
	for _, env := range []events.Envelope{placed, placedShort, cancelled} {
		deliverUntilGone(t, handler, env)
	}

	t.Run("the decisions are stored and nothing reaches the bus while it is down", func(t *testing.T) {
		for id, want := range map[string]string{reserved: "RELEASED", rejected: "REJECTED"} {
			rec, err := p.repo.Reservation(t.Context(), id)
			if err != nil || rec == nil || string(rec.Status()) != want {
				t.Fatalf("record of %s: %v, %v; want %s", id, rec, err, want)
			}
		}
		if resp := invokeStream(t, publisher, streamRecords(t, p)); len(resp.BatchItemFailures) == 0 {
			t.Fatal("the publisher reported the batch done while the bus refused it")
		}
		eventbustest.Quiet(t, p.sqs, p.probe.QueueURL, time.Second)
	})

	p.bus.setDown(false)
	want := map[string]events.Envelope{
		eventbus.StableID(inventory.Spec.Source(), events.TypeStockReserved, reserved): placed,
		eventbus.StableID(inventory.Spec.Source(), events.TypeStockRejected, rejected): placedShort,
		eventbus.StableID(inventory.Spec.Source(), events.TypeStockReleased, reserved): cancelled,
	}
	var first []string
	t.Run("once the bus is back every decision is published with its stable id, its cause and its flow", func(t *testing.T) {
		// The stream retries the batch from the record that failed.
		if resp := invokeStream(t, publisher, streamRecords(t, p)); len(resp.BatchItemFailures) != 0 {
			t.Fatalf("failures %v with the bus back", resp.BatchItemFailures)
		}
		first = receiveDecisions(t, p, want)
	})
	t.Run("a redelivered batch, and one out of order, publish the same ids", func(t *testing.T) {
		records := streamRecords(t, p)
		slices.Reverse(records)
		for _, batch := range [][]streamtypes.Record{streamRecords(t, p), records} {
			if resp := invokeStream(t, publisher, batch); len(resp.BatchItemFailures) != 0 {
				t.Fatalf("failures %v", resp.BatchItemFailures)
			}
			if again := receiveDecisions(t, p, want); !slices.Equal(again, first) {
				t.Fatalf("ids %v, first %v", again, first)
			}
		}
	})
}

// orderEvent wraps e in an envelope from orders with a correlation id of
// its own.
func orderEvent(t *testing.T, e events.Event) events.Envelope {
	t.Helper()
	env, err := events.NewEnvelope(e, events.Meta{ID: uuid.NewString(), Source: "conveyor.orders", Time: time.Now(), CorrelationID: "corr-" + uuid.NewString()})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// deliverUntilGone delivers env to fn as the subscription's queue does
// until the message leaves it: handled, or received as often as the queue
// allows and so dead-lettered.
func deliverUntilGone(t *testing.T, fn lambda.Handler, env events.Envelope) {
	t.Helper()
	limit := 0
	for _, sub := range inventory.Spec.Subscriptions {
		if sub.Function == inventory.EventsFunction {
			limit = sub.MaxReceiveCount
		}
	}
	for n := 1; n <= limit; n++ {
		if failed := deliver(t, fn, env, n); len(failed) == 0 {
			return
		}
	}
	t.Logf("%s %s dead-lettered after %d receives", env.Type, env.ID, limit)
}

// streamRecords reads every record of the table's stream from its start.
func streamRecords(t *testing.T, p *platform) []streamtypes.Record {
	t.Helper()
	c := kumotest.Start(t).Clients()
	arn := streamARN(t, p)
	d, err := c.Streams.DescribeStream(t.Context(), &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	var out []streamtypes.Record
	for _, sh := range d.StreamDescription.Shards {
		it, err := c.Streams.GetShardIterator(t.Context(), &dynamodbstreams.GetShardIteratorInput{
			StreamArn: aws.String(arn), ShardId: sh.ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon,
		})
		if err != nil {
			t.Fatal(err)
		}
		iter := it.ShardIterator
		for iter != nil {
			recs, err := c.Streams.GetRecords(t.Context(), &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, recs.Records...)
			if len(recs.Records) == 0 {
				break
			}
			iter = recs.NextShardIterator
		}
	}
	return out
}

func streamARN(t *testing.T, p *platform) string {
	t.Helper()
	d, err := kumotest.Start(t).DynamoDB().DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(p.cfg.TableName)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(d.Table.LatestStreamArn)
}

// invokeStream hands records to fn as one batch of the table's stream, as
// Lambda's event source mapping does.
func invokeStream(t *testing.T, fn lambda.Handler, records []streamtypes.Record) lambdaevents.DynamoDBEventResponse {
	t.Helper()
	payload, err := json.Marshal(poller.DynamoDBEvent(records, "arn:stream", kumotest.Region))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := fn.Invoke(t.Context(), payload)
	if err != nil {
		t.Fatalf("invocation failed: %v", err)
	}
	var resp lambdaevents.DynamoDBEventResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

// receiveDecisions receives one event per entry of want from the probe
// queue and checks each: its id is a key of want, and it names the event
// there as its cause and keeps its correlation id; its data meets its
// schema. It returns the ids, sorted.
func receiveDecisions(t *testing.T, p *platform, want map[string]events.Envelope) []string {
	t.Helper()
	var ids []string
	for _, m := range eventbustest.Receive(t, p.sqs, p.probe.QueueURL, len(want), 10*time.Second) {
		env := m.Event.Detail
		cause, ok := want[env.ID]
		if !ok {
			t.Fatalf("unexpected %s %s", env.Type, env.ID)
		}
		if env.Source != inventory.Spec.Source() || env.CausationID != cause.ID || env.CorrelationID != cause.CorrelationID {
			t.Errorf("%s: source %q cause %q correlation %q; want the %s %s of flow %s",
				env.Type, env.Source, env.CausationID, env.CorrelationID, cause.Type, cause.ID, cause.CorrelationID)
		}
		detail, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas.Validate(detail); err != nil {
			t.Errorf("%s breaks its schema: %v", env.Type, err)
		}
		ids = append(ids, env.ID)
	}
	slices.Sort(ids)
	return ids
}
