package adapters_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// An item written before shipments had a status or a version is a
// scheduled shipment, and updates take it as it is.
func TestShipmentDynamoRepositoryUpdatesAnItemWithoutStatusOrVersion(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "shipping")
	kumotest.CreateTable(t, db, table, shipping.Spec.Table)
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	if _, err := db.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
		"pk": s("SHIPMENT#order-1"), "sk": s("SHIPMENT"), "type": s("Shipment"), "orderId": s("order-1"), "customerId": s("alice"),
		"shipmentId": s("shp_1"), "carrier": s("DHL"), "trackingId": s("DH000000000001"), "shipBy": s("2026-11-26"),
		"scheduledAt": s("2026-11-25T12:00:00Z"),
		"lines": &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"sku": s("MUG"), "quantity": &types.AttributeValueMemberN{Value: "2"},
		}}}},
	}}); err != nil {
		t.Fatal(err)
	}
	repo, err := adapters.NewShipmentDynamoRepository(db, table)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)
	got, err := repo.UpdateShipment(t.Context(), "order-1", func(current *domain.Shipment) (*domain.Shipment, error) {
		if current == nil || current.Status() != domain.StatusScheduled {
			t.Errorf("the old item reads as %+v, want a scheduled shipment", current)
		}
		return domain.CancelOrder("order-1", current, at)
	})
	if err != nil {
		t.Fatal(err)
	}
	read, err := repo.Shipment(t.Context(), "order-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status() != domain.StatusCancelled || read.Status() != domain.StatusCancelled || !read.CancelledAt().Equal(at) || read.ShipmentID() != "shp_1" {
		t.Fatalf("after the cancel: returned %+v, stored %+v", got, read)
	}
}
