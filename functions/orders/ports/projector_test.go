package ports_test

import (
	"context"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/functions/orders/ports"
)

func record(seq, pk, sk string) lambdaevents.DynamoDBEventRecord {
	return lambdaevents.DynamoDBEventRecord{EventName: "INSERT", Change: lambdaevents.DynamoDBStreamRecord{
		SequenceNumber: seq,
		Keys: map[string]lambdaevents.DynamoDBAttributeValue{
			"pk": lambdaevents.NewStringAttribute(pk), "sk": lambdaevents.NewStringAttribute(sk),
		},
	}}
}

func TestProjector(t *testing.T) {
	const (
		placed  = domain.OrderID("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
		missing = domain.OrderID("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c")
	)
	store := adapters.NewOrderMemoryEventStore()
	views := adapters.NewOrderMemoryReadModel()
	e, err := domain.Place(placed, "alice", []domain.Line{{SKU: "MUG", Quantity: 1, UnitPrice: domain.Money{Amount: 5, Currency: "EUR"}}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Append(context.Background(), placed, func(context.Context, *domain.Order) ([]domain.Event, error) {
		return []domain.Event{e}, nil
	}); err != nil {
		t.Fatal(err)
	}
	p := ports.NewProjector(app.Application{Commands: app.Commands{ProjectOrder: app.NewProjectOrderHandler(store, views)}}, nil)

	cases := []struct {
		name        string
		records     []lambdaevents.DynamoDBEventRecord
		wantFailure string
	}{
		{"other items are ignored", []lambdaevents.DynamoDBEventRecord{record("1", "PRODUCT#MUG", "PRODUCT"), record("2", "ORDER#"+string(placed), "VIEW")}, ""},
		{"a commit brings its order's view up to date", []lambdaevents.DynamoDBEventRecord{record("3", "ORDER#"+string(placed), "COMMIT#0000000001")}, ""},
		{"a commit of an order the store cannot load is retried from that record", []lambdaevents.DynamoDBEventRecord{
			record("4", "ORDER#"+string(placed), "COMMIT#0000000001"), record("5", "ORDER#"+string(missing), "COMMIT#0000000001"), record("6", "ORDER#"+string(placed), "COMMIT#0000000002"),
		}, "5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := p.Handle(context.Background(), lambdaevents.DynamoDBEvent{Records: c.records})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(resp.BatchItemFailures) > 0 {
				got = resp.BatchItemFailures[0].ItemIdentifier
			}
			if got != c.wantFailure || len(resp.BatchItemFailures) > 1 {
				t.Errorf("failures %v, want %q", resp.BatchItemFailures, c.wantFailure)
			}
		})
	}
	if v, err := views.Order(context.Background(), placed); err != nil || v.Version() != 1 {
		t.Errorf("view %v %v", v, err)
	}
}
