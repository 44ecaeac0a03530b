package adapters_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
)

func strAV(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func numAV(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }

func productImage(version string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": strAV("PRODUCT#MUG"), "sk": strAV("PRODUCT"), "gsi1pk": strAV("PRODUCT"), "gsi1sk": strAV("MUG"), "type": strAV("Product"),
		"sku": strAV("MUG"), "name": strAV("Mug"), "description": strAV("Blue"), "priceAmount": numAV("1250"), "priceCurrency": strAV("EUR"),
		"active": &types.AttributeValueMemberBOOL{Value: true}, "version": numAV(version), "updatedAt": strAV("2026-03-01T10:00:00.5Z"),
	}
}

func tombstoneImage(version string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": strAV("PRODUCT#MUG"), "sk": strAV("PRODUCT"), "type": strAV("Product"), "sku": strAV("MUG"),
		"deleted": &types.AttributeValueMemberBOOL{Value: true}, "version": numAV(version), "updatedAt": strAV("2026-03-01T10:30:00Z"),
	}
}

func TestProductEvents(t *testing.T) {
	productKeys := map[string]types.AttributeValue{"pk": strAV("PRODUCT#MUG"), "sk": strAV("PRODUCT")}
	at := time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		change   changecapture.Change
		wantType string
		wantErr  bool
	}{
		{"an inserted product is ProductUpserted", changecapture.Change{Kind: changecapture.Insert, Keys: productKeys, NewImage: productImage("1")}, events.TypeProductUpserted, false},
		{"a modified product is ProductUpserted", changecapture.Change{Kind: changecapture.Modify, Keys: productKeys, OldImage: productImage("1"), NewImage: productImage("2")}, events.TypeProductUpserted, false},
		{"a removed product is ProductDeleted", changecapture.Change{Kind: changecapture.Remove, Keys: productKeys, OldImage: productImage("2"), Time: at}, events.TypeProductDeleted, false},
		{"a product replaced by its tombstone is ProductDeleted", changecapture.Change{Kind: changecapture.Modify, Keys: productKeys, OldImage: productImage("2"), NewImage: tombstoneImage("2")}, events.TypeProductDeleted, false},
		{"a product created again over its tombstone is ProductUpserted", changecapture.Change{Kind: changecapture.Modify, Keys: productKeys, OldImage: tombstoneImage("2"), NewImage: productImage("3")}, events.TypeProductUpserted, false},
		{"a tombstone written over no product is nothing", changecapture.Change{Kind: changecapture.Insert, Keys: productKeys, NewImage: tombstoneImage("2")}, "", false},
		{"a tombstone written over a tombstone is nothing", changecapture.Change{Kind: changecapture.Modify, Keys: productKeys, OldImage: tombstoneImage("2"), NewImage: tombstoneImage("2")}, "", false},
		{"a removed tombstone is nothing", changecapture.Change{Kind: changecapture.Remove, Keys: productKeys, OldImage: tombstoneImage("2"), Time: at}, "", false},
		{"an idempotency record is ignored", changecapture.Change{Kind: changecapture.Insert, Keys: map[string]types.AttributeValue{"pk": strAV("IDEMPOTENCY#x#y"), "sk": strAV("IDEMPOTENCY")}}, "", false},
		{"a change without its image is an error", changecapture.Change{Kind: changecapture.Insert, Keys: productKeys}, "", true},
		{"an image without a version is an error", changecapture.Change{Kind: changecapture.Modify, Keys: productKeys, NewImage: map[string]types.AttributeValue{"sku": strAV("MUG")}}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := adapters.ProductEvents(tt.change)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if tt.wantType == "" {
				if len(got) != 0 {
					t.Errorf("events %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Event.EventType() != tt.wantType || got[0].ID == "" {
				t.Fatalf("events %+v, want one %s", got, tt.wantType)
			}
		})
	}
	t.Run("ids follow the product version", func(t *testing.T) {
		v1, err1 := adapters.ProductEvents(changecapture.Change{Kind: changecapture.Insert, Keys: productKeys, NewImage: productImage("1")})
		v1again, err2 := adapters.ProductEvents(changecapture.Change{Kind: changecapture.Modify, Keys: productKeys, NewImage: productImage("1")})
		v2, err3 := adapters.ProductEvents(changecapture.Change{Kind: changecapture.Modify, Keys: productKeys, NewImage: productImage("2")})
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		if v1[0].ID != v1again[0].ID || v1[0].ID == v2[0].ID {
			t.Errorf("ids %s, %s, %s", v1[0].ID, v1again[0].ID, v2[0].ID)
		}
		up := v2[0].Event.(events.ProductUpserted)
		if up.Price.Amount != 1250 || up.ProductVersion != 2 || up.UpdatedAt != time.Date(2026, 3, 1, 10, 0, 0, 500_000_000, time.UTC) {
			t.Errorf("event %+v", up)
		}
	})
	t.Run("a deletion and a re-creation have ids of their own", func(t *testing.T) {
		changes := []changecapture.Change{
			{Kind: changecapture.Insert, Keys: productKeys, NewImage: productImage("1")},
			{Kind: changecapture.Modify, Keys: productKeys, OldImage: productImage("1"), NewImage: productImage("2")},
			{Kind: changecapture.Modify, Keys: productKeys, OldImage: productImage("2"), NewImage: tombstoneImage("2")},
			{Kind: changecapture.Modify, Keys: productKeys, OldImage: tombstoneImage("2"), NewImage: productImage("3")},
		}
		seen := map[string]int{}
		for i, c := range changes {
			got, err := adapters.ProductEvents(c)
			if err != nil || len(got) != 1 {
				t.Fatalf("change %d: %+v, %v", i, got, err)
			}
			if j, ok := seen[got[0].ID]; ok {
				t.Errorf("changes %d and %d share the id %s", j, i, got[0].ID)
			}
			seen[got[0].ID] = i
		}
		deleted, err := adapters.ProductEvents(changes[2])
		if err != nil {
			t.Fatal(err)
		}
		e := deleted[0].Event.(events.ProductDeleted)
		if e.ProductVersion != 2 || !e.DeletedAt.Equal(time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)) {
			t.Errorf("ProductDeleted %+v, want version 2 deleted when the tombstone was written", e)
		}
	})
}
