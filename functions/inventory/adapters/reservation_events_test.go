package adapters_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

func strAV(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func numAV(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }

func mapAV(m map[string]types.AttributeValue) types.AttributeValue {
	return &types.AttributeValueMemberM{Value: m}
}

func listAV(vs ...types.AttributeValue) types.AttributeValue {
	return &types.AttributeValueMemberL{Value: vs}
}

var (
	decided  = time.Date(2026, 11, 25, 12, 0, 0, 500_000_000, time.UTC)
	released = decided.Add(time.Hour)
)

// recordImage is the image of the reservation record of O-1 in status,
// as the repository writes it, with extra attributes on top.
func recordImage(status string, extra map[string]types.AttributeValue) map[string]types.AttributeValue {
	img := map[string]types.AttributeValue{
		"pk": strAV("RESERVATION#O-1"), "sk": strAV("RESERVATION"), "type": strAV("Reservation"),
		"orderId": strAV("O-1"), "status": strAV(status), "totalAmount": numAV("2500"), "totalCurrency": strAV("EUR"),
		"decidedAt":     strAV(decided.Format(time.RFC3339Nano)),
		"correlationId": strAV("flow-1"), "causationId": strAV("cause-" + status),
	}
	if status != "REJECTED" && status != "CANCELLED_BEFORE_RESERVATION" {
		img["lines"] = listAV(mapAV(map[string]types.AttributeValue{"sku": strAV("MUG"), "quantity": numAV("2")}))
	}
	for k, v := range extra {
		img[k] = v
	}
	return img
}

var recordKeys = map[string]types.AttributeValue{"pk": strAV("RESERVATION#O-1"), "sk": strAV("RESERVATION")}

func change(kind string, img map[string]types.AttributeValue) changecapture.Change {
	return changecapture.Change{Kind: kind, Keys: recordKeys, NewImage: img, RecordID: "rec-1", SequenceNumber: "1", Time: released.Add(time.Minute)}
}

func TestReservationEvents(t *testing.T) {
	rejectedImage := recordImage("REJECTED", map[string]types.AttributeValue{
		"shortages": listAV(mapAV(map[string]types.AttributeValue{"sku": strAV("MUG"), "requested": numAV("2"), "available": numAV("1")})),
	})
	releasedAt := map[string]types.AttributeValue{"releasedAt": strAV(released.Format(time.RFC3339Nano))}
	committedAt := map[string]types.AttributeValue{"committedAt": strAV(decided.Add(time.Minute).Format(time.RFC3339Nano))}
	releasedAfterCommit := map[string]types.AttributeValue{"committedAt": committedAt["committedAt"], "releasedAt": releasedAt["releasedAt"]}
	lines := []events.StockLine{{SKU: "MUG", Quantity: 2}}
	id := func(eventType string) string { return eventbus.StableID("conveyor.inventory", eventType, "O-1") }

	tests := []struct {
		name   string
		change changecapture.Change
		want   []changecapture.Emit
	}{
		{"a reserved record is StockReserved, at the decision",
			change(changecapture.Insert, recordImage("RESERVED", nil)),
			[]changecapture.Emit{{ID: id(events.TypeStockReserved), Time: decided, CorrelationID: "flow-1", CausationID: "cause-RESERVED",
				Event: events.StockReserved{OrderID: "O-1", Lines: lines, Total: events.Money{Amount: 2500, Currency: "EUR"}, ReservedAt: decided}}}},
		{"a rejected record is StockRejected naming the short lines",
			change(changecapture.Insert, rejectedImage),
			[]changecapture.Emit{{ID: id(events.TypeStockRejected), Time: decided, CorrelationID: "flow-1", CausationID: "cause-REJECTED",
				Event: events.StockRejected{OrderID: "O-1", Shortages: []events.Shortage{{SKU: "MUG", Requested: 2, Available: 1}}, RejectedAt: decided}}}},
		{"a released record is StockReleased, at the release",
			change(changecapture.Modify, recordImage("RELEASED", releasedAt)),
			[]changecapture.Emit{{ID: id(events.TypeStockReleased), Time: released, CorrelationID: "flow-1", CausationID: "cause-RELEASED",
				Event: events.StockReleased{OrderID: "O-1", Lines: lines, ReleasedAt: released}}}},
		{"a record released after its commit is StockReleased too",
			change(changecapture.Modify, recordImage("RELEASED", releasedAfterCommit)),
			[]changecapture.Emit{{ID: id(events.TypeStockReleased), Time: released, CorrelationID: "flow-1", CausationID: "cause-RELEASED",
				Event: events.StockReleased{OrderID: "O-1", Lines: lines, ReleasedAt: released}}}},
		{"a committed record announces nothing", change(changecapture.Modify, recordImage("COMMITTED", committedAt)), nil},
		{"a cancellation mark announces nothing", change(changecapture.Insert, recordImage("CANCELLED_BEFORE_RESERVATION", nil)), nil},
		{"a removed record announces nothing", changecapture.Change{Kind: changecapture.Remove, Keys: recordKeys}, nil},
		{"a stock item is not a decision", changecapture.Change{Kind: changecapture.Modify,
			Keys:     map[string]types.AttributeValue{"pk": strAV("STOCK#MUG"), "sk": strAV("STOCK")},
			NewImage: map[string]types.AttributeValue{"pk": strAV("STOCK#MUG"), "sk": strAV("STOCK"), "sku": strAV("MUG"), "onHand": numAV("5")}}, nil},
		{"an idempotency record is not a decision", changecapture.Change{Kind: changecapture.Insert,
			Keys:     map[string]types.AttributeValue{"pk": strAV("IDEMPOTENCY#inventory-events#ab"), "sk": strAV("IDEMPOTENCY")},
			NewImage: map[string]types.AttributeValue{"pk": strAV("IDEMPOTENCY#inventory-events#ab"), "sk": strAV("IDEMPOTENCY"), "status": strAV("COMPLETED")}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := adapters.ReservationEvents(tt.change)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}

	t.Run("a record the mapper cannot read stops the stream", func(t *testing.T) {
		for name, c := range map[string]changecapture.Change{
			"no new image":              {Kind: changecapture.Insert, Keys: recordKeys},
			"a status it does not know": change(changecapture.Modify, recordImage("SHIPPED", nil)),
			"another order's image":     change(changecapture.Modify, recordImage("RESERVED", map[string]types.AttributeValue{"orderId": strAV("O-2")})),
			"an unreadable time":        change(changecapture.Modify, recordImage("RESERVED", map[string]types.AttributeValue{"decidedAt": strAV("noon")})),
		} {
			if got, err := adapters.ReservationEvents(c); err == nil {
				t.Errorf("%s: got %+v, want an error", name, got)
			}
		}
	})

	t.Run("every delivery of a decision, duplicate or out of order, has the same id and event", func(t *testing.T) {
		reservedImage := recordImage("RESERVED", nil)
		first, err := adapters.ReservationEvents(change(changecapture.Insert, reservedImage))
		if err != nil {
			t.Fatal(err)
		}
		// The same record again (a retried batch), as a MODIFY with a
		// later arrival (the emulator's echo of a transaction), and after
		// the record's release was delivered (out of order).
		later := change(changecapture.Modify, reservedImage)
		later.RecordID, later.SequenceNumber, later.Time = "rec-9", "9", released.Add(time.Hour)
		releasedFirst, err := adapters.ReservationEvents(change(changecapture.Modify, recordImage("RELEASED", releasedAt)))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []changecapture.Change{change(changecapture.Insert, reservedImage), later} {
			again, err := adapters.ReservationEvents(c)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again, first) {
				t.Errorf("redelivery %+v, first %+v", again, first)
			}
		}
		if releasedFirst[0].ID == first[0].ID {
			t.Errorf("the release and the reservation share the id %s", first[0].ID)
		}
	})
}
