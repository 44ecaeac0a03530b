package adapters_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

func strAV(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

var (
	scheduled   = time.Date(2026, 11, 25, 12, 0, 0, 250_000_000, time.UTC)
	shipmentKey = map[string]types.AttributeValue{"pk": strAV("SHIPMENT#order-1"), "sk": strAV("SHIPMENT")}
)

// shipmentImage is the image of order-1's shipment item as the repository
// writes it, with the attributes of extra on top (an empty value removes
// one).
func shipmentImage(extra map[string]types.AttributeValue) map[string]types.AttributeValue {
	img := map[string]types.AttributeValue{
		"pk": strAV("SHIPMENT#order-1"), "sk": strAV("SHIPMENT"), "type": strAV("Shipment"),
		"orderId": strAV("order-1"), "customerId": strAV("alice"), "shipmentId": strAV("shp_1"), "carrier": strAV("DHL"),
		"trackingId": strAV("DH000000000001"), "shipBy": strAV("2026-11-26"), "scheduledAt": strAV(scheduled.Format(time.RFC3339Nano)),
		"lines": &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"sku": strAV("MUG"), "quantity": &types.AttributeValueMemberN{Value: "2"},
		}}}},
		"status": strAV("SCHEDULED"), "version": &types.AttributeValueMemberN{Value: "1"},
		"correlationId": strAV("flow-1"), "causationId": strAV("confirmed-1"),
	}
	for k, v := range extra {
		if v == nil {
			delete(img, k)
			continue
		}
		img[k] = v
	}
	return img
}

func shipmentChange(kind string, img map[string]types.AttributeValue) changecapture.Change {
	return changecapture.Change{Kind: kind, Keys: shipmentKey, NewImage: img, RecordID: "rec-1", SequenceNumber: "1", Time: scheduled.Add(time.Minute)}
}

func TestShipmentEvents(t *testing.T) {
	announcement := []changecapture.Emit{{
		ID:   eventbus.StableID("conveyor.shipping", events.TypeShipmentScheduled, "order-1"),
		Time: scheduled, CorrelationID: "flow-1", CausationID: "confirmed-1",
		Event: events.ShipmentScheduled{OrderID: "order-1", ShipmentID: "shp_1", Carrier: "DHL", TrackingNumber: "DH000000000001",
			Lines: []events.StockLine{{SKU: "MUG", Quantity: 2}}, ShipBy: "2026-11-26", ScheduledAt: scheduled},
	}}
	cancelled := map[string]types.AttributeValue{"status": strAV("CANCELLED"), "cancelledAt": strAV(scheduled.Add(time.Hour).Format(time.RFC3339Nano))}
	mark := map[string]types.AttributeValue{"customerId": nil, "shipmentId": nil, "carrier": nil, "trackingId": nil, "shipBy": nil,
		"scheduledAt": nil, "lines": nil, "status": strAV("CANCELLED"), "cancelledAt": strAV(scheduled.Format(time.RFC3339Nano))}
	tests := []struct {
		name   string
		change changecapture.Change
		want   []changecapture.Emit
	}{
		{"a scheduled shipment is ShipmentScheduled, at its scheduling, with the flow and cause it keeps",
			shipmentChange(changecapture.Insert, shipmentImage(nil)), announcement},
		{"a shipment written before statuses were kept is scheduled",
			shipmentChange(changecapture.Insert, shipmentImage(map[string]types.AttributeValue{"status": nil})), announcement},
		{"a cancelled shipment announces nothing", shipmentChange(changecapture.Modify, shipmentImage(cancelled)), nil},
		{"the mark of a cancellation that came first announces nothing", shipmentChange(changecapture.Insert, shipmentImage(mark)), nil},
		{"a removed shipment announces nothing", changecapture.Change{Kind: changecapture.Remove, Keys: shipmentKey}, nil},
		{"an idempotency record is not a shipment", changecapture.Change{Kind: changecapture.Insert,
			Keys:     map[string]types.AttributeValue{"pk": strAV("IDEMPOTENCY#shipping-saga#ab"), "sk": strAV("IDEMPOTENCY")},
			NewImage: map[string]types.AttributeValue{"pk": strAV("IDEMPOTENCY#shipping-saga#ab"), "sk": strAV("IDEMPOTENCY"), "status": strAV("COMPLETED")}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := adapters.ShipmentEvents(tt.change)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}

	t.Run("a shipment the mapper cannot read stops the stream", func(t *testing.T) {
		for name, c := range map[string]changecapture.Change{
			"no new image":              {Kind: changecapture.Insert, Keys: shipmentKey},
			"a status it does not know": shipmentChange(changecapture.Modify, shipmentImage(map[string]types.AttributeValue{"status": strAV("LOST")})),
			"another order's image":     shipmentChange(changecapture.Modify, shipmentImage(map[string]types.AttributeValue{"orderId": strAV("order-2")})),
			"an unreadable time":        shipmentChange(changecapture.Modify, shipmentImage(map[string]types.AttributeValue{"scheduledAt": strAV("noon")})),
		} {
			if got, err := adapters.ShipmentEvents(c); err == nil {
				t.Errorf("%s: got %+v, want an error", name, got)
			}
		}
	})

	t.Run("every delivery of a shipment, duplicate or out of order, has the same id and event", func(t *testing.T) {
		// The same record again (a retried batch), and the same image in a
		// later record of another kind, arriving after the shipment's
		// cancellation was delivered (out of order).
		if got, err := adapters.ShipmentEvents(shipmentChange(changecapture.Modify, shipmentImage(cancelled))); err != nil || got != nil {
			t.Fatalf("the cancellation: %+v, %v", got, err)
		}
		later := shipmentChange(changecapture.Modify, shipmentImage(nil))
		later.RecordID, later.SequenceNumber, later.Time = "rec-9", "9", scheduled.Add(2*time.Hour)
		for _, c := range []changecapture.Change{shipmentChange(changecapture.Insert, shipmentImage(nil)), later} {
			got, err := adapters.ShipmentEvents(c)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, announcement) {
				t.Errorf("got %+v, want %+v", got, announcement)
			}
		}
	})
}

// TestAShipmentKeepsTheFlowOfTheEventThatScheduledIt stores a shipment
// with the repository on the emulator while handling an OrderConfirmed,
// and maps the stored item as its stream would carry it.
func TestAShipmentKeepsTheFlowOfTheEventThatScheduledIt(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "shipping")
	kumotest.CreateTable(t, db, table, shipping.Spec.Table)
	repo, err := adapters.NewShipmentDynamoRepository(db, table)
	if err != nil {
		t.Fatal(err)
	}
	cause := events.Envelope{ID: "confirmed-1", CorrelationID: "flow-1"}
	ctx := events.ContextWithCause(correlation.With(context.Background(), cause.CorrelationID), cause)
	s, err := domain.NewShipment("order-1", "alice", []domain.Line{{SKU: "MUG", Quantity: 2}}, scheduled)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.UpdateShipment(ctx, "order-1", func(current *domain.Shipment) (*domain.Shipment, error) {
		return domain.Schedule(current, s), nil
	}); err != nil {
		t.Fatal(err)
	}
	out, err := db.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: shipmentKey, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := adapters.ShipmentEvents(changecapture.Change{Kind: changecapture.Insert, Keys: shipmentKey, NewImage: out.Item})
	if err != nil || len(got) != 1 {
		t.Fatalf("announcements %+v, %v; want one", got, err)
	}
	if got[0].CausationID != "confirmed-1" || got[0].CorrelationID != "flow-1" {
		t.Errorf("announced as caused by %q in flow %q, want confirmed-1 in flow-1", got[0].CausationID, got[0].CorrelationID)
	}
}
