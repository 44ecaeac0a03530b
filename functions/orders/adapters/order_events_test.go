package adapters_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/events/schemas"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestOrderEventsRelaysWhatWasCommitted commits through the DynamoDB
// event store, reads the commit items back as the stream shows them, and
// maps them to the platform events the relay publishes.
func TestOrderEventsRelaysWhatWasCommitted(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "orders")
	kumotest.CreateTable(t, db, table, orders.Spec.Table)
	store, err := adapters.NewOrderDynamoEventStore(db, table, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	views, err := adapters.NewOrderDynamoReadModel(db, table)
	if err != nil {
		t.Fatal(err)
	}
	s := storage{store: store, views: views}
	o := place(t, s, "alice", t0)
	if _, err := store.Append(context.Background(), o.ID(), func(_ context.Context, cur *domain.Order) ([]domain.Event, error) {
		return cur.Cancel(domain.ReasonOutOfStock, t0.Add(time.Second))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := views.Save(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	items, err := db.Query(t.Context(), &dynamodb.QueryInput{
		TableName:                 aws.String(table),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "ORDER#" + string(o.ID())}},
	})
	if err != nil {
		t.Fatal(err)
	}
	change := func(kind string, item map[string]types.AttributeValue) changecapture.Change {
		return changecapture.Change{Kind: kind, Keys: map[string]types.AttributeValue{"pk": item["pk"], "sk": item["sk"]}, NewImage: item}
	}
	var got []string
	for _, item := range items.Items {
		sk := item["sk"].(*types.AttributeValueMemberS).Value
		emits, err := adapters.OrderEvents(change(changecapture.Insert, item))
		if err != nil {
			t.Fatal(err)
		}
		if sk == "VIEW" {
			if len(emits) != 0 {
				t.Errorf("the view item publishes %d events", len(emits))
			}
			continue
		}
		again, err := adapters.OrderEvents(change(changecapture.Insert, item))
		if err != nil || len(again) != len(emits) || again[0].ID != emits[0].ID {
			t.Errorf("a commit delivered twice maps to other ids: %v %v", again, err)
		}
		if modified, _ := adapters.OrderEvents(change(changecapture.Modify, item)); len(modified) != 0 {
			t.Errorf("a modified commit publishes %d events", len(modified))
		}
		for _, e := range emits {
			got = append(got, e.Event.EventType())
			env, err := events.NewEnvelope(e.Event, events.Meta{ID: e.ID, Source: orders.Spec.Source(), Time: e.Time, CorrelationID: e.ID})
			if err != nil {
				t.Fatal(err)
			}
			raw, err := json.Marshal(env)
			if err != nil {
				t.Fatal(err)
			}
			if err := schemas.Validate(raw); err != nil {
				t.Errorf("%s breaks its schema: %v", e.Event.EventType(), err)
			}
			if c, ok := e.Event.(events.OrderCancelled); ok && c.Reason != events.CancelOutOfStock {
				t.Errorf("out_of_stock is published as %q", c.Reason)
			}
		}
	}
	if len(got) != 2 || got[0] != events.TypeOrderPlaced || got[1] != events.TypeOrderCancelled {
		t.Errorf("events %v, want OrderPlaced then OrderCancelled", got)
	}
}
